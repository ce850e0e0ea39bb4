// A worker for the work-pool tests: tasks that answer, throw, spin, sleep or eat memory.
import { serveTasks } from '../src/workers/serve-tasks.ts';

class BudgetError extends Error {
  readonly code = 'schema_too_complex';
  constructor(
    readonly limit: string,
    readonly max: number,
  ) {
    super(`over the ${limit} budget`);
    this.name = 'BudgetError';
  }
}

export const fixtureTasks = {
  echo: (input: { value: unknown }) => input.value,
  fail: (input: { limit: string; max: number }) => {
    throw new BudgetError(input.limit, input.max);
  },
  spin: (_input: object) => {
    for (;;) {
      // never answers: only terminating the worker stops it
    }
  },
  sleep: (input: { ms: number }) => new Promise((done) => setTimeout(() => done(input.ms), input.ms)),
  grow: (_input: object) => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
  },
};

serveTasks(fixtureTasks);
