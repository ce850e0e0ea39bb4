/**
 * `schemagate keys` through a running server: create, list and revoke go through `/v1/keys` when a server answers
 * at --url (the embedded data folder is locked by that server, so nothing else could work), and the data folder
 * is used only once the server is stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@schemagate/server';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerKeys } from './keys.ts';

/** Runs `schemagate keys ...` in this process and returns what it wrote. */
async function keys(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command().exitOverride();
  registerKeys(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'schemagate', 'keys', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}

describe('schemagate keys against a running server', () => {
  let dir: string;
  let data: string;
  let server: RunningServer;
  let flags: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-cli-keys-'));
    data = join(dir, 'data');
    server = await startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SCHEMAGATE_DATA: data,
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_LOG: 'silent',
        SCHEMAGATE_KEY_CACHE_SECONDS: '3600',
        DATABASE_URL: '',
      },
    });
    flags = ['--url', server.url, '--data', data];
    // the commands run in this process: without this, a DATABASE_URL of the test run (CI sets one) would send the
    // data-folder case to that database instead, and leave its keys there
    vi.stubEnv('DATABASE_URL', '');
  }, 60_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, lists and revokes through /v1/keys, and the revoked key stops at once', async () => {
    const created = await keys([
      'create',
      '--scope',
      'read',
      '--name',
      'ci reader',
      '--registries',
      'orders,billing',
      '--rate',
      '5',
      '--burst',
      '10',
      '--format',
      'json',
      ...flags,
    ]);
    expect(created.stderr).toBe('');
    const key = JSON.parse(created.stdout) as Record<string, unknown> & {
      key: string;
      id: string;
      prefix: string;
    };
    expect(key).toMatchObject({
      scope: 'read',
      name: 'ci reader',
      registries: ['billing', 'orders'],
      rateLimit: { perSecond: 5, burst: 10 },
      prefix: key.key.slice(0, 12),
    });
    const read = () =>
      fetch(`${server.url}/v1/registries`, { headers: { authorization: `Bearer ${key.key}` } }).then(
        (r) => r.status,
      );
    expect(await read()).toBe(200);

    const listed = await keys(['list', ...flags]);
    expect(listed.stdout).toMatch(
      new RegExp(
        `${key.prefix}\\s+read\\s+active .* ci reader  ${key.id}  registries=billing,orders  rate=5/s burst=10`,
      ),
    );
    expect(listed.stdout).not.toContain(key.key);

    const revoked = await keys(['revoke', key.prefix, ...flags]);
    expect(revoked).toMatchObject({ stdout: `revoked ${key.prefix}\n`, exitCode: 0 });
    // an hour of key cache, yet refused from the next request on
    expect(await read()).toBe(401);
    expect((await keys(['revoke', key.id, ...flags])).exitCode).toBe(1);

    const text = await keys(['create', '--scope', 'validate', ...flags]);
    expect(text.stdout).toMatch(/^sg_\S+\n$/);
    expect(text.stderr).toContain(`through ${server.url}`);
  });

  it('says what is wrong with the key it was given', async () => {
    await expect(keys(['list', '--key', 'sg_not_a_real_key_1234', ...flags])).rejects.toThrow(
      /refused the request \(401 invalid_key/,
    );
  });

  it('refuses half a rate limit and says where it goes in --help', async () => {
    await expect(keys(['create', '--scope', 'read', '--rate', '5', ...flags])).rejects.toThrow(
      /--rate and --burst go together/,
    );
    const program = new Command().exitOverride();
    registerKeys(program);
    const help = program.commands.find((c) => c.name() === 'keys')!;
    let text = '';
    help.configureOutput({ writeOut: (s) => (text += s) });
    help.outputHelp();
    expect(text).toContain('/v1/keys');
    expect(text).toContain('Only when no server runs there');
  });

  it('works on the data folder once the server is stopped', async () => {
    await server.close();
    const listed = await keys(['list', '--format', 'json', ...flags]);
    const items = (JSON.parse(listed.stdout) as { items: { name: string; revokedAt: string | null }[] })
      .items;
    // the database path lists revoked keys too
    expect(items.find((k) => k.name === 'ci reader')?.revokedAt).toEqual(expect.any(String));
    const created = await keys(['create', '--scope', 'read', '--name', 'offline', ...flags]);
    expect(created.stderr).toContain('(no server answered)');
  }, 60_000);
});
