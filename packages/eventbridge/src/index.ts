export * from './emulator/index.ts';
