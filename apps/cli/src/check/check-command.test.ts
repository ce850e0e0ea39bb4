import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/schemagate.js', import.meta.url));

const orderV1 = {
  $id: 'https://schemas.example.com/shop/order.json',
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    note: { type: 'string', maxLength: 200 },
    total: { $ref: 'https://schemas.example.com/shop/money.json' },
  },
  required: ['orderId'],
  additionalProperties: false,
};
const money = {
  $id: 'https://schemas.example.com/shop/money.json',
  type: 'object',
  properties: { amount: { type: 'number' }, currency: { type: 'string' } },
  required: ['amount', 'currency'],
};

let repo: string;

function write(relative: string, value: unknown): void {
  const file = path.join(repo, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
}

function check(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'check', 'schemas', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'schemagate-check-'));
  git('init', '-q');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'ci');
  write('schemas/shop/order/schema.json', orderV1);
  write('schemas/shop/order/examples/valid/small.json', {
    orderId: 'o-1',
    total: { amount: 3, currency: 'EUR' },
  });
  write('schemas/shop/order/examples/invalid/no-id.json', { note: 'x' });
  write('schemas/shop/money/schema.json', money);
  write('schemas/shop/money/examples/valid/eur.json', { amount: 1, currency: 'EUR' });
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('schemagate check', () => {
  it('passes on an unchanged folder against git:HEAD, with $refs resolved by $id', () => {
    const result = check('--against', 'git:HEAD');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('✓ shop/order');
    expect(result.stdout).toContain('2 contract(s) checked, all hold');
  });

  it('accepts a compatible change and treats a schema missing at the ref as new', () => {
    write('schemas/shop/order/schema.json', {
      ...orderV1,
      properties: { ...orderV1.properties, coupon: { type: 'string' } },
    });
    write('schemas/shop/refund/schema.json', { type: 'object', properties: { orderId: { type: 'string' } } });
    const result = check('--against', 'git:HEAD', '--format', 'json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      results: Array<{ name: string; baseline: string; findings: Array<{ kind: string }> }>;
    };
    expect(report.ok).toBe(true);
    expect(report.results.find((entry) => entry.name === 'refund')?.baseline).toBe('new');
    const order = report.results.find((entry) => entry.name === 'order');
    expect(order?.findings.map((finding) => finding.kind)).toEqual(['change']);
  });

  it('fails with exit 1 and github annotations on a breaking change, with the witness', () => {
    write('schemas/shop/order/schema.json', {
      ...orderV1,
      properties: { ...orderV1.properties, note: { type: 'string', maxLength: 20 } },
    });
    const result = check('--against', 'git:HEAD', '--format', 'github');
    expect(result.status).toBe(1);
    const annotation = result.stdout.split('\n').find((line) => line.includes('MAX_LENGTH_DECREASED'));
    expect(annotation).toMatch(
      /^::error file=schemas\/shop\/order\/schema\.json,line=\d+,title=shop\/order::/,
    );
    // The annotation points at the changed keyword: `"maxLength": 20` under "note", line 10 of the file.
    const line = Number(/line=(\d+)/.exec(annotation ?? '')?.[1]);
    expect(line).toBe(10);
    expect(annotation).toContain('witness: ');
    expect(result.stdout).toContain('1 of 3 contract(s) broken');
  });

  it('reports examples that disagree with the schema', () => {
    write('schemas/shop/order/schema.json', orderV1);
    write('schemas/shop/order/examples/invalid/accepted.json', { orderId: 'o-2' });
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('an invalid example is accepted');
    rmSync(path.join(repo, 'schemas/shop/order/examples/invalid/accepted.json'));
  });

  it('exits 2 on usage and setup errors', () => {
    expect(check('--against', 'git:no-such-ref').status).toBe(2);
    expect(check('--format', 'xml').status).toBe(2);
    expect(check('--against', 'ftp://x').status).toBe(2);
  });
});
