import type { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerCodegen } from './codegen.ts';
import { registerDeadLetters } from './dead-letters.ts';
import { registerEmulator } from './emulator.ts';
import { registerKeys } from './keys.ts';
import { registerLoadtest } from './loadtest.ts';
import { registerPull } from './pull.ts';
import { registerPush } from './push.ts';
import { registerServe } from './serve.ts';
import { registerSync } from './sync.ts';
import { registerValidate } from './validate.ts';

/** A CLI command registers itself on the root program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerPush,
  registerPull,
  registerValidate,
  registerKeys,
  registerDeadLetters,
  registerCheck,
  registerSync,
  registerCodegen,
  registerEmulator,
  registerServe,
  registerLoadtest,
];
