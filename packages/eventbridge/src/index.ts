export * from './emulator/index.ts';
export * from './sync/index.ts';
