import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { WorkPool, WorkPoolError, WorkTaskError, workProblem } from '../src/services/work-pool.ts';
import type { fixtureTasks } from './work-pool.fixture.ts';

const workerFile = new URL('./work-pool.fixture.ts', import.meta.url);
const pools: Array<WorkPool<typeof fixtureTasks>> = [];
const pool = (options: ConstructorParameters<typeof WorkPool>[0] = {}) => {
  const created = new WorkPool<typeof fixtureTasks>({ workerFile, ...options });
  pools.push(created);
  return created;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkPool', () => {
  it('runs tasks in workers and answers their outputs', async () => {
    const p = pool({ size: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => p.run('echo', { value: { n } })));
    expect(answers).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(p.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0 });
  });

  it("rebuilds a task's error with its code and fields", async () => {
    const p = pool({ size: 1 });
    const error = await p.run('fail', { limit: 'steps', max: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkTaskError);
    expect(error).toMatchObject({ code: 'schema_too_complex', message: 'over the steps budget' });
    expect((error as WorkTaskError).details).toMatchObject({ limit: 'steps', max: 10 });
    const problem = workProblem(error, 'schema_too_complex');
    expect(problem).toBeInstanceOf(AppError);
    expect(problem).toMatchObject({
      status: 422,
      code: 'schema_too_complex',
      extensions: { limit: 'steps', max: 10 },
    });
  });

  it('terminates a task past its time limit, replaces the worker, and keeps serving', async () => {
    const p = pool({ size: 1, taskTimeoutMs: 300 });
    await p.warm();
    const started = performance.now();
    const error = await p.run('spin', {}).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(WorkPoolError);
    expect(error).toMatchObject({ reason: 'timeout', limit: 300 });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1000);
    expect(workProblem(error, 'schema_too_complex')).toMatchObject({
      status: 422,
      extensions: { limit: 'time', max: 300 },
    });
    await expect(p.run('echo', { value: 'after' })).resolves.toBe('after');
  });

  it('a per-task time limit overrides the default', async () => {
    const p = pool({ size: 1, taskTimeoutMs: 5000 });
    await expect(p.run('sleep', { ms: 2000 }, { timeoutMs: 200 })).rejects.toMatchObject({
      reason: 'timeout',
      limit: 200,
    });
  });

  it('refuses work over the queue limit at once, as busy', async () => {
    const p = pool({ size: 1, maxQueue: 2, taskTimeoutMs: 5000 });
    await p.warm();
    const running = p.run('sleep', { ms: 400 });
    const queued = [p.run('sleep', { ms: 1 }), p.run('sleep', { ms: 1 })];
    const started = performance.now();
    const refused = await p.run('echo', { value: 1 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(50);
    expect(refused).toMatchObject({ reason: 'busy' });
    const problem = workProblem(refused, 'schema_too_complex') as AppError;
    expect(problem.status).toBe(503);
    expect(problem.headers).toMatchObject({ 'retry-after': '1' });
    await expect(Promise.all([running, ...queued])).resolves.toEqual([400, 1, 1]);
  });

  it('refuses a task that waited too long for a worker', async () => {
    const p = pool({ size: 1, queueTimeoutMs: 150, taskTimeoutMs: 5000 });
    await p.warm();
    const running = p.run('sleep', { ms: 500 });
    await expect(p.run('echo', { value: 1 })).rejects.toMatchObject({ reason: 'busy', limit: 150 });
    await expect(running).resolves.toBe(500);
  });

  it('a worker over its heap limit dies alone; its task fails as memory and the pool goes on', async () => {
    const p = pool({ size: 1, maxHeapMb: 64, taskTimeoutMs: 20_000 });
    const error = await p.run('grow', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'memory', limit: 64 });
    expect(workProblem(error, 'schema_too_complex')).toMatchObject({
      status: 422,
      extensions: { limit: 'memory' },
    });
    await expect(p.run('echo', { value: 'alive' })).resolves.toBe('alive');
  }, 30_000);

  it('after close, waiting and new tasks are refused', async () => {
    const p = pool({ size: 1, taskTimeoutMs: 5000 });
    await p.warm();
    const running = p.run('sleep', { ms: 1000 }).catch((e: unknown) => e);
    const waiting = p.run('echo', { value: 1 }).catch((e: unknown) => e);
    await p.close();
    expect(await waiting).toMatchObject({ reason: 'closed' });
    expect(await running).toMatchObject({ reason: 'closed' });
    await expect(p.run('echo', { value: 1 })).rejects.toMatchObject({ reason: 'closed' });
  });
});

describe('WorkPool start-up', () => {
  it('a task waits for a worker that is still loading, however long its queue wait limit', async () => {
    const p = pool({ size: 1, queueTimeoutMs: 1, taskTimeoutMs: 5000 });
    await expect(p.run('echo', { value: 'first' })).resolves.toBe('first');
  });

  it('a worker that cannot load fails what waits for it, instead of being restarted in a loop', async () => {
    const broken = new WorkPool<typeof fixtureTasks>({
      workerFile: new URL('./no-such-worker.fixture.ts', import.meta.url),
      size: 1,
    });
    pools.push(broken);
    await expect(broken.run('echo', { value: 1 })).rejects.toMatchObject({ reason: 'crashed' });
    expect(broken.stats().workers).toBe(0);
  });
});
