import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { adminKeyPath, type RunningServer, startServer } from '@schemagate/server';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The SDK's fake registry mounts the real route declarations and validates with core; the commands below talk
// to it over HTTP from a separate process, as they would to `schemagate serve`.
import { createFakeRegistry } from '../../../../packages/sdk/src/client/test/fake-registry.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(repo, 'apps/cli/bin/schemagate.js');
const ADMIN_KEY = 'sg_test_admin_key';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the fake registry answers from this process's event loop.
function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd ?? repo,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let url: string;
let close: () => Promise<void>;
let work: string;

beforeAll(async () => {
  const fake = createFakeRegistry({ key: ADMIN_KEY });
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((done) => server.close(() => done()));
  work = await mkdtemp(join(tmpdir(), 'sg-cli-'));
  await cp(join(repo, 'schemas'), join(work, 'schemas'), { recursive: true });
});

afterAll(async () => {
  await close();
  await rm(work, { recursive: true, force: true });
});

const auth = () => ['--url', url, '--key', ADMIN_KEY];

describe('schemagate push', () => {
  it('registers the folder referenced schemas first, then reports everything unchanged', async () => {
    const first = await run(['push', join(work, 'schemas'), ...auth(), '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const { results } = JSON.parse(first.stdout) as { results: Array<{ name: string; outcome: string }> };
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    const at = (name: string) => results.findIndex((r) => r.name === name);
    expect(at('com.shop.common.Money')).toBeLessThan(at('com.shop.orders@OrderPlaced'));
    expect(at('com.shop.common.Address')).toBeLessThan(at('com.shop.shipping.shipment.dispatched'));

    const again = await run(['push', join(work, 'schemas'), ...auth()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('6 schema(s): 6 unchanged');
  });

  it('reports an incompatible schema and exits 1, reading the key from the admin key file', async () => {
    const state = join(work, 'state');
    const keyFile = adminKeyPath(join(state, 'data'));
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, `${ADMIN_KEY}\n`, { mode: 0o600 });
    const changed = join(work, 'breaking');
    await cp(join(work, 'schemas'), changed, { recursive: true });
    const moneyFile = join(changed, 'shop/com.shop.common.Money/schema.json');
    const money = JSON.parse(await readFile(moneyFile, 'utf8'));
    money.properties.scale = { type: 'integer' };
    money.required.push('scale');
    await writeFile(moneyFile, JSON.stringify(money));

    const result = await run(['push', changed, '--url', url], {
      env: { SCHEMAGATE_DATA: join(state, 'data') },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/incompatible\s+shop\/com\.shop\.common\.Money/);
    expect(result.stdout).toContain('#/required/scale');
    expect(result.stdout).toContain('5 unchanged, 1 incompatible');
  });

  it('says how to fix a missing key and exits 2', async () => {
    const result = await run(['push', join(work, 'schemas'), '--url', url], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('SCHEMAGATE_KEY');
  });

  it('says when nothing listens at the URL', async () => {
    const result = await run(['push', join(work, 'schemas'), '--url', 'http://127.0.0.1:9', '--key', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot reach the registry at http://127.0.0.1:9');
  });
});

describe('schemagate validate', () => {
  const examples = (kind: 'valid' | 'invalid') =>
    join(work, 'schemas/shop/com.shop.orders@OrderPlaced/examples', kind);

  it('prints each error with its JSON Pointer and exits 1 on an invalid event', async () => {
    const files = [join(examples('valid'), 'web-order.json'), join(examples('invalid'), 'no-lines.json')];
    const result = await run([
      'validate',
      ...files,
      '--schema',
      'com.shop.orders@OrderPlaced',
      '--registry',
      'shop',
      ...auth(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/valid\s+\S+web-order\.json shop\/com\.shop\.orders@OrderPlaced v1/);
    expect(result.stdout).toMatch(/invalid \S+no-lines\.json/);
    expect(result.stdout).toContain('/detail/lines: must NOT have fewer than 1 items (minItems)');
    expect(result.stdout).toContain('2 file(s): 1 valid, 1 invalid');
  });

  it('routes by the envelope without --schema and exits 0 when all are valid', async () => {
    const dir = examples('valid');
    const files = (await readdir(dir)).map((f) => join(dir, f));
    const result = await run(['validate', ...files, '--registry', 'shop', ...auth(), '--format', 'json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { valid: boolean; results: Array<{ schema: string }> };
    expect(body.valid).toBe(true);
    expect(body.results.map((r) => r.schema)).toEqual(files.map(() => 'com.shop.orders@OrderPlaced'));
  });

  it('treats a file that is not JSON as invalid', async () => {
    const broken = join(work, 'broken.json');
    await writeFile(broken, '{"detail": ');
    const result = await run([
      'validate',
      broken,
      '--schema',
      'com.shop.orders@OrderPlaced',
      '--registry',
      'shop',
      ...auth(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not JSON');
  });
});

describe('schemagate pull', () => {
  let target: string;
  beforeEach(async () => {
    target = await mkdtemp(join(work, 'pull-'));
  });

  it('writes every latest version, then writes nothing the second time', async () => {
    const first = await run(['pull', target, '--registry', 'shop', ...auth(), '--format', 'json']);
    expect(first.code).toBe(0);
    const { results } = JSON.parse(first.stdout) as { results: Array<{ schemaFile: string }> };
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.schemaFile === 'written')).toBe(true);
    const orderFile = join(target, 'shop/com.shop.orders@OrderPlaced/schema.json');
    const pulled = JSON.parse(await readFile(orderFile, 'utf8'));
    const original = JSON.parse(
      await readFile(join(repo, 'schemas/shop/com.shop.orders@OrderPlaced/schema.json'), 'utf8'),
    );
    expect(pulled).toEqual(original);

    const before = (await stat(orderFile)).mtimeMs;
    const second = await run(['pull', target, '--registry', 'shop', ...auth()]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 written');
    expect((await stat(orderFile)).mtimeMs).toBe(before);
  });

  it('keeps the examples of an existing folder and its formatting when nothing changed', async () => {
    await cp(join(repo, 'schemas'), target, { recursive: true });
    const result = await run(['pull', target, ...auth(), '--format', 'json']);
    expect(result.code).toBe(0);
    const { results } = JSON.parse(result.stdout) as { results: Array<{ schemaFile: string }> };
    expect(results.every((r) => r.schemaFile === 'unchanged')).toBe(true);
    expect(await readdir(join(target, 'shop/com.shop.orders@OrderPlaced/examples/invalid'))).toContain(
      'no-lines.json',
    );
  });
});

interface KeyBackend {
  name: string;
  env: () => Record<string, string>;
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}

// `keys` goes through a server when one answers at --url; these cases are about the data folder and the database,
// so they point at a port nobody listens on rather than the default 127.0.0.1:8080, which a developer's server may hold
const noServer = { SCHEMAGATE_URL: 'http://127.0.0.1:9' };
const keyBackends: KeyBackend[] = [
  { name: 'PGlite', env: () => ({ ...noServer, SCHEMAGATE_DATA: join(work, 'keys-data') }) },
];
const adminUrl = process.env.DATABASE_URL;
if (adminUrl) {
  // A database of its own, dropped afterwards, so the test neither sees nor leaves keys in a shared one.
  const database = `sg_cli_keys_${process.pid}_${Date.now()}`;
  const withDatabase = () => {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  };
  keyBackends.push({
    name: 'Postgres',
    env: () => ({ ...noServer, DATABASE_URL: withDatabase() }),
    async setUp() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`create database "${database}"`);
      await sql.end();
    },
    async tearDown() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${database}" with (force)`);
      await sql.end();
    },
  });
}

describe.each(keyBackends)('schemagate keys on $name', (backend) => {
  beforeAll(async () => backend.setUp?.());
  afterAll(async () => backend.tearDown?.());

  it('creates a key, lists it without plaintext and revokes it', async () => {
    const env = backend.env();
    const created = await run(['keys', 'create', '--scope', 'write', '--name', 'ci', '--format', 'json'], {
      env,
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { key, prefix } = JSON.parse(created.stdout) as { key: string; prefix: string };
    expect(key).toMatch(/^sg_/);

    const listed = await run(['keys', 'list'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${prefix}\\s+write\\s+active .* ci `));
    expect(listed.stdout).not.toContain(key);

    const revoked = await run(['keys', 'revoke', prefix], { env });
    expect(revoked.code).toBe(0);
    const twice = await run(['keys', 'revoke', prefix], { env });
    expect(twice.code).toBe(1);
  }, 60_000);
});

describe('schemagate keys', () => {
  it('refuses an unknown scope', async () => {
    const result = await run(['keys', 'create', '--scope', 'root']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Allowed choices are admin, write, validate, read');
  });

  it('takes the data folder from --data', async () => {
    const data = join(work, 'keys-flag-data');
    const result = await run(['keys', 'list', '--data', data, '--format', 'json'], { env: noServer });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ items: [] });
    expect((await stat(data)).isDirectory()).toBe(true);
  }, 60_000);
});

describe('against the real server', () => {
  let server: RunningServer;
  let folder: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    folder = await mkdtemp(join(work, 'real-'));
    await cp(join(repo, 'schemas'), join(folder, 'schemas'), { recursive: true });
    env = { SCHEMAGATE_DATA: join(folder, 'state', 'data') };
    server = await startServer({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SCHEMAGATE_DATA: env.SCHEMAGATE_DATA,
        SCHEMAGATE_SEED: 'false',
        SCHEMAGATE_LOG: 'silent',
        DATABASE_URL: undefined,
      },
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('pushes, validates and pulls with the admin key the server wrote', async () => {
    expect(server.adminKeyFile).toBe(join(folder, 'state', 'data', 'admin.key'));
    const pushed = await run(['push', join(folder, 'schemas'), '--url', server.url, '--format', 'json'], {
      env,
    });
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    const outcomes = (JSON.parse(pushed.stdout) as { results: Array<{ outcome: string }> }).results;
    expect(outcomes.map((r) => r.outcome)).toEqual(Array(6).fill('created'));

    const examples = join(folder, 'schemas/shop/com.shop.payments@PaymentFailed/examples');
    const validated = await run(
      ['validate', join(examples, 'valid/card-declined.json'), join(examples, 'invalid/attempt-zero.json')],
      { env: { ...env, SCHEMAGATE_URL: server.url } },
    );
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain('/detail/attempt: must be >= 1 (minimum)');
    expect(validated.stdout).toMatch(
      /valid\s+\S+card-declined\.json shop\/com\.shop\.payments@PaymentFailed v1/,
    );

    const pulled = await run(['pull', join(folder, 'schemas'), '--url', server.url, '--format', 'json'], {
      env,
    });
    expect(pulled.code).toBe(0);
    const files = (JSON.parse(pulled.stdout) as { results: Array<{ schemaFile: string }> }).results;
    expect(files.map((r) => r.schemaFile)).toEqual(Array(6).fill('unchanged'));
  }, 60_000);

  it('codegen and check --against URL read the key from the data folder, and say why a key is refused', async () => {
    const schemas = join(folder, 'schemas');
    const out = join(folder, 'generated');
    const generated = await run(
      ['codegen', '--out', out, '--registry', 'shop', '--url', server.url, '--format', 'json'],
      { env },
    );
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ schemas: 6 });
    expect(await readdir(out)).toEqual(expect.arrayContaining(['index.ts', 'validators.js']));

    const checked = await run(['check', schemas, '--against', server.url, '--data', env.SCHEMAGATE_DATA!]);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('6 contract(s) checked, all hold');

    // no key anywhere: the data folder named has no key file
    const elsewhere = join(folder, 'elsewhere', 'data');
    const missing = await run(['check', schemas, '--against', server.url], {
      env: { SCHEMAGATE_DATA: elsewhere },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('401 missing_key');
    expect(missing.stderr).toContain(`${adminKeyPath(elsewhere)} was not found`);
    expect(missing.stderr).toContain('Pass --key, set SCHEMAGATE_KEY');

    const refused = await run(['codegen', '--out', out, '--url', server.url], {
      env: { SCHEMAGATE_KEY: 'sg_revoked_or_never_made' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('401 invalid_key');
    expect(refused.stderr).toContain('the key from SCHEMAGATE_KEY was refused');
  }, 60_000);
});

describe('schemagate --version', () => {
  it("prints the CLI package's version", async () => {
    const { version } = JSON.parse(await readFile(join(repo, 'apps/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('--help', () => {
  it.each([
    ['push', '--url'],
    ['pull', '--registry'],
    ['validate', '--schema'],
    ['keys', 'revoke'],
  ])('schemagate %s --help', { concurrent: true }, async (command, mentions) => {
    const result = await run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(mentions);
  });
});
