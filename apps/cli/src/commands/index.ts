import type { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerCodegen } from './codegen.ts';
import { registerEmulator } from './emulator.ts';
import { registerServe } from './serve.ts';
import { registerSync } from './sync.ts';

/** A CLI command registers itself on the root program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerCheck, registerSync, registerCodegen, registerEmulator, registerServe];
