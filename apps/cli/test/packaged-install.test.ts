/**
 * schemagate as a user gets it: the packed tarballs installed with plain npm into an empty project outside the
 * repository, and used there on plain Node. Nothing here resolves into the workspace: the project sits in the
 * system's temporary folder, where no node_modules of the repository can be found.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const tsc = join(repo, 'node_modules/.bin/tsc');

/** The version of a dependency pinned in the workspace catalog. */
function catalogVersion(name: string): string {
  const workspace = readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8');
  const line = workspace.split('\n').find((row) => row.trim().replace(/"/g, '').startsWith(`${name}:`));
  if (!line) throw new Error(`${name} is not in the catalog`);
  return line.split(':').slice(1).join(':').trim();
}

/** The test's environment without any schemagate setting or database of its own, plus `extra`. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('SCHEMAGATE_') || name === 'DATABASE_URL') delete env[name];
  }
  return { ...env, ...extra };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts `npx schemagate ARGS` in the project and resolves once a line of its output matches `ready`. */
function startCommand(
  cwd: string,
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string; match: RegExpExecArray }> {
  const child = spawn('npx', ['--no-install', 'schemagate', ...args], {
    cwd,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx runs the command as a child, and stopping the group stops both.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => output, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`schemagate ${args[0]} exited with ${code}:\n${output}`));
    });
    commands.push(child);
  });
}

/** Stops a command's process group: SIGTERM, then SIGKILL if it is still there after five seconds. */
function stop(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const group = child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-group, name);
    } catch {
      // the group is gone already
    }
  };
  return new Promise((resolve) => {
    const kill = setTimeout(() => signal('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      signal('SIGKILL'); // whatever of the group outlived its leader
      resolve();
    });
    signal('SIGTERM');
  });
}

/** Every command started, so that a failed start is stopped too. */
const commands: ChildProcess[] = [];
let root: string;
let project: string;
let url: string;
let key: string;
let emulatorUrl: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'schemagate-install-'));
  project = join(root, 'project');
  const packs = join(root, 'packs');
  const { stdout } = await run(process.execPath, [join(repo, 'scripts/pack-packages.mjs'), packs, '--json'], {
    cwd: repo,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tarballs = (JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ file: string }>).map(
    (t) => t.file,
  );
  expect(tarballs.length).toBeGreaterThanOrEqual(8);

  cpSync(join(repo, 'schemas'), join(project, 'schemas'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'a-producer-service', version: '1.0.0', private: true, type: 'module' }),
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs,
      `@types/node@${catalogVersion('@types/node')}`,
      `@aws-sdk/client-eventbridge@${catalogVersion('@aws-sdk/client-eventbridge')}`,
    ],
    { cwd: project, maxBuffer: 16 * 1024 * 1024 },
  );

  const port = await freePort();
  const started = await startCommand(
    project,
    ['serve', '--port', String(port), '--data', join(project, '.schemagate', 'data')],
    /listening on (http:\/\/\S+)/,
  );
  url = started.match[1] as string;
  const created = /(sg_[A-Za-z0-9_-]+)/.exec(started.output());
  if (!created) throw new Error(`the server printed no admin key:\n${started.output()}`);
  key = created[1] as string;

  const emulatorStarted = await startCommand(
    project,
    ['emulator', '--port', '0'],
    /listening on (http:\/\/\S+)/,
  );
  emulatorUrl = emulatorStarted.match[1] as string;
}, 600_000);

afterAll(async () => {
  await Promise.all(commands.map(stop));
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('the packed packages, installed with npm outside the repository', () => {
  it('install no TypeScript loader and nothing of the workspace', () => {
    const modules = join(project, 'node_modules');
    expect(existsSync(join(modules, 'tsx'))).toBe(false);
    const installed = readdirSync(join(modules, '@schemagate')).sort();
    expect(installed).toEqual([
      'api',
      'cli',
      'codegen',
      'console',
      'core',
      'db',
      'eventbridge',
      'idempotency',
      'schemas-folder',
      'sdk',
      'server',
    ]);
    for (const name of installed) {
      const manifest = JSON.parse(readFileSync(join(modules, '@schemagate', name, 'package.json'), 'utf8'));
      expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:|@schemagate\/source/);
      expect(existsSync(join(modules, '@schemagate', name, 'src'))).toBe(false);
    }
  });

  it('serve the registry on embedded PGlite, with the project’s schemas/ loaded', async () => {
    const response = await fetch(`${url}/v1/registries/shop/schemas`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    const list = (await response.json()) as { items: Array<{ name: string }> };
    expect(list.items.map((item) => item.name)).toContain('com.shop.orders@OrderPlaced');
  });

  it('serve the web console from the installed package', async () => {
    const page = await fetch(`${url}/console/registries/shop`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = /\/console\/assets\/main-[A-Z0-9]+\.js/.exec(await page.text());
    expect(script).not.toBeNull();
    const asset = await fetch(`${url}${script![0]}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('generate bindings that run on plain node, and SDK functions that work there', async () => {
    const codegen = (out: string, env: Record<string, string>, ...more: string[]) =>
      run('npx', ['--no-install', 'schemagate', 'codegen', '--out', out, '--registry', 'shop', ...more], {
        cwd: project,
        env: userEnv({ SCHEMAGATE_URL: url, ...env }),
      });
    await codegen('gen', { SCHEMAGATE_KEY: key });
    // No key given: the CLI reads the admin key of the default data folder, where the server wrote it.
    await codegen('gen-js', {}, '--lang', 'js');
    for (const file of ['gen/index.ts', 'gen/validators.js', 'gen-js/index.js', 'gen-js/index.d.ts']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    // Nothing of schemagate is imported to run them.
    for (const file of ['gen/index.ts', 'gen/validators.js', 'gen-js/index.js', 'gen-js/validators.js']) {
      const code = readFileSync(join(project, file), 'utf8');
      expect(code, file).not.toMatch(/(\bfrom|\bimport\(|\brequire\()\s*["']@schemagate\//);
    }
    const order = readFileSync(
      join(repo, 'schemas/shop/com.shop.orders@OrderPlaced/examples/valid/web-order.json'),
      'utf8',
    );
    writeFileSync(
      join(project, 'use-sdk.mjs'),
      `import { createClient, createIdempotencyStore, createValidator, createProducer, makeIdempotent, parseEvent } from '@schemagate/sdk';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { schemaBindings, isOrderPlaced } from './gen-js/index.js';
import { validateOrderPlaced } from './gen/validators.js';

const [url, key, emulatorUrl] = process.argv.slice(2);
const order = ${order};
const broken = { ...order, detail: { ...order.detail, lines: [] } };
const report = {};

report.generatedValid = validateOrderPlaced(order);
report.generatedInvalid = validateOrderPlaced(broken);
report.generatedErrorPath = validateOrderPlaced.errors?.[0]?.instancePath;
report.guard = [isOrderPlaced(order), isOrderPlaced(broken)];
const parsed = parseEvent(JSON.stringify(order), schemaBindings);
report.parsed = parsed.ok ? parsed.schema : parsed.reason;
const rejected = parseEvent(JSON.stringify(broken), schemaBindings);
report.rejected = rejected.ok ? 'ok' : [rejected.reason, rejected.errors.map((error) => error.path)];

const client = createClient({ url, key });
const demo = {
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'com.demo' },
    'detail-type': { const: 'UserSignedUp' },
    detail: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
  },
};
const registered = await client.registerVersion('demo', 'com.demo@UserSignedUp', { schema: demo });
report.registeredVersion = registered.result.version;

const validator = createValidator({ url, key, registry: 'demo' });
const good = { source: 'com.demo', 'detail-type': 'UserSignedUp', detail: { email: 'ada@example.com' } };
const bad = { ...good, detail: { email: 'not-an-address' } };
report.localValid = (await validator.validate(good)).valid;
const refused = await validator.validate(bad);
report.localInvalidPath = refused.valid ? null : refused.errors[0].path;

const eventBridge = new EventBridgeClient({
  endpoint: emulatorUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const producer = createProducer({ eventBridge, busName: 'default', validator });
report.published = (await producer.publish([good, bad])).map((result) => result.status);

let handled = 0;
const handleOnce = makeIdempotent(async (event) => ++handled, {
  store: createIdempotencyStore(),
  key: (event) => event.detail.email,
});
report.idempotent = [await handleOnce(good), await handleOnce(good), handled];
console.log(JSON.stringify(report));
`,
    );
    const { stdout } = await run(process.execPath, ['use-sdk.mjs', url, key, emulatorUrl], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      generatedValid: true,
      generatedInvalid: false,
      generatedErrorPath: '/detail/lines',
      guard: [true, false],
      parsed: 'com.shop.orders@OrderPlaced',
      rejected: ['invalid', ['/detail/lines']],
      registeredVersion: 1,
      localValid: true,
      localInvalidPath: '/detail/email',
      published: ['published', 'invalid'],
      idempotent: [1, 1, 1],
    });
  });

  it('compile a strict TypeScript consumer against the installed declarations', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
        },
        include: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { createClient, createIdempotencyStore, createValidator, createProducer, makeIdempotent, parseEvent, type EventValidationResult } from '@schemagate/sdk';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type OrderPlaced, isOrderPlaced, schemaBindings } from './gen/index.js';

export async function check(raw: string): Promise<string> {
  const client = createClient({ url: 'http://127.0.0.1:8080', key: 'sg_key' });
  const versions = await client.listVersions('shop', 'com.shop.orders@OrderPlaced');
  const validator = createValidator({ url: 'http://127.0.0.1:8080', key: 'sg_key' });
  const result: EventValidationResult = await validator.validate(JSON.parse(raw));
  const producer = createProducer({ eventBridge: new EventBridgeClient({}), busName: 'default', validator });
  await producer.publish([JSON.parse(raw)]);
  const once = makeIdempotent(async (text: string) => text.length, { store: createIdempotencyStore(), key: (text) => text });
  const length: number = await once(raw);
  const parsed = parseEvent(raw, schemaBindings);
  if (parsed.ok && parsed.schema === 'com.shop.orders@OrderPlaced') {
    const order: OrderPlaced = parsed.event;
    return order.detail.orderId;
  }
  const event: unknown = JSON.parse(raw);
  return isOrderPlaced(event) ? event.detail.customerId : String(result.valid) + versions.items.length + length;
}
`,
    );
    const compiled = await run(tsc, ['-p', 'tsconfig.json'], { cwd: project }).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(compiled).toBe('');
  });
});
