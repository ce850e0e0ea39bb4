export * from './emulator/index.ts';
export * from './forward/index.ts';
export * from './sync/index.ts';
