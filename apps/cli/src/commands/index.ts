import type { Command } from 'commander';
import { registerEmulator } from './emulator.ts';
import { registerServe } from './serve.ts';

/** A CLI command registers itself on the root program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerEmulator, registerServe];
