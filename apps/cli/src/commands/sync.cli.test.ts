/**
 * `schemagate sync eventbridge` as a user runs it: a separate process, AWS credentials from the environment,
 * the emulator as `--endpoint` and a real server as `--url`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncResult } from '@schemagate/eventbridge';
import type { VersionList } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2StateChangeSchema, s3ObjectCreatedSchema } from '../../test/sync.aws-events.ts';
import { type SyncWorld, startSyncWorld } from '../../test/sync.harness.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(repo, 'apps/cli/bin/schemagate.js');
const EC2 = 'aws.ec2@EC2InstanceStateChangeNotification';
const S3 = 'aws.s3@ObjectCreated';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let world: SyncWorld;
let home: string;

beforeAll(async () => {
  world = await startSyncWorld();
  // an empty HOME: no shared AWS config or schemagate data of the person running the tests leaks in
  home = await mkdtemp(join(tmpdir(), 'sg-sync-home-'));
  const store = world.emulator.state.store;
  store.seedVersion('aws.events', EC2, 'OpenApi3', JSON.stringify(ec2StateChangeSchema()));
  store.seedVersion('aws.events', S3, 'OpenApi3', JSON.stringify(s3ObjectCreatedSchema()));
}, 30_000);
afterAll(async () => {
  await world?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

// Asynchronous on purpose: the server and the emulator answer from this process's event loop.
function schemagate(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: home,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          NO_COLOR: '1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const syncArgs = (registry: string, direction: string, ...more: string[]) => [
  'sync',
  'eventbridge',
  '--registry',
  registry,
  '--direction',
  direction,
  '--endpoint',
  world.emulator.url,
  '--url',
  world.server.url,
  '--key',
  world.adminKey,
  ...more,
];

describe('schemagate sync eventbridge', () => {
  it('pulls a registry and prints the summary as JSON', async () => {
    const run = await schemagate(syncArgs('aws.events', 'pull', '--format', 'json'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as SyncResult;
    expect(summary).toEqual({
      registry: 'aws.events',
      direction: 'pull',
      dryRun: false,
      created: 2,
      updated: 0,
      unchanged: 0,
      refused: [],
      conflicts: [],
      errors: [],
      actions: [
        {
          schema: EC2,
          direction: 'pull',
          kind: 'create',
          eventbridgeVersion: '1',
          localVersion: 1,
          status: 'done',
        },
        {
          schema: S3,
          direction: 'pull',
          kind: 'create',
          eventbridgeVersion: '1',
          localVersion: 1,
          status: 'done',
        },
      ],
      retries: 0,
    });
    const versions = await world.http<VersionList>(
      'GET',
      `/v1/registries/aws.events/schemas/${encodeURIComponent(EC2)}/versions`,
    );
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        format: 'openapi3',
        metadata: { eventbridge: expect.objectContaining({ version: '1', origin: 'pull' }) },
      }),
    ]);
  }, 30_000);

  it('takes the key from SCHEMAGATE_KEY and reports an unchanged registry in text', async () => {
    const args = syncArgs('aws.events', 'both').filter((arg) => arg !== '--key' && arg !== world.adminKey);
    const run = await schemagate(args, { SCHEMAGATE_KEY: world.adminKey });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('EventBridge sync of registry aws.events (both)');
    expect(run.stdout).toMatch(/created\s+0 version/);
    expect(run.stdout).toMatch(/unchanged\s+2 schema/);
  }, 30_000);

  it('exits 1 and names the conflict when both sides changed the same schema', async () => {
    const v2 = ec2StateChangeSchema();
    const detail = v2.components.schemas.EC2InstanceStateChangeNotification;
    if (detail) detail.properties['previous-state'] = { type: 'string' };
    world.emulator.state.store.seedVersion('aws.events', EC2, 'OpenApi3', JSON.stringify(v2));
    const local = structuredClone(v2);
    if (local.components.schemas.AWSEvent)
      local.components.schemas.AWSEvent.properties.region = { type: 'string', minLength: 1 };
    const registered = await world.http(
      'POST',
      `/v1/registries/aws.events/schemas/${encodeURIComponent(EC2)}/versions`,
      {
        schema: local,
      },
    );
    expect(registered.status).toBe(201);

    const run = await schemagate(syncArgs('aws.events', 'pull', '--format', 'json'));
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as SyncResult;
    expect(summary.conflicts).toEqual([
      {
        schema: EC2,
        localVersions: [2],
        eventbridgeVersions: ['2'],
        reason: expect.stringContaining('both sides changed since the last sync'),
      },
    ]);
    expect(summary.created + summary.updated).toBe(0);
  }, 30_000);

  it('prints the plan of a dry run and writes nothing, with the key of the local data folder', async () => {
    world.emulator.state.store.seedVersion('fresh', 'team@Thing', 'JSONSchemaDraft4', '{"type":"object"}');
    world.emulator.state.resetCalls();
    // no --key: the admin key `schemagate serve` wrote beside its data folder
    const args = syncArgs('fresh', 'pull', '--dry-run').filter(
      (arg) => arg !== '--key' && arg !== world.adminKey,
    );
    const run = await schemagate(args, { SCHEMAGATE_DATA: world.server.config.SCHEMAGATE_DATA });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run: nothing was changed');
    expect(run.stdout).toContain('would create team@Thing in schemagate from EventBridge v1');
    expect(world.emulator.state.callCount('DescribeSchema')).toBe(0);
    expect((await world.http('GET', '/v1/registries/fresh')).status).toBe(404);
  }, 30_000);

  it("keeps the AWS SDK's Node version warning off stderr, unless the user asks for it", async () => {
    world.emulator.state.store.seedVersion('quiet', 'team@Quiet', 'JSONSchemaDraft4', '{"type":"object"}');
    const quiet = await schemagate(syncArgs('quiet', 'pull', '--dry-run'), {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('would create team@Quiet in schemagate');
    expect(quiet.stderr).toBe('');
    // the SDK warns below Node 22 only
    if (Number(process.versions.node.split('.')[0]) >= 22) return;
    // the SDK's own switch, set the other way by the user: the warning is back, so the check above can see it
    const loud = await schemagate(syncArgs('quiet', 'pull', '--dry-run'), {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
    });
    expect(loud.code).toBe(0);
    expect(loud.stderr).toContain('NodeVersionSupportWarning');
  }, 60_000);

  it('stops with a usage error when no AWS region is configured', async () => {
    const args = syncArgs('aws.events', 'pull').filter(
      (arg) => arg !== '--endpoint' && arg !== world.emulator.url,
    );
    const run = await schemagate(args, { AWS_REGION: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no AWS region: pass --region');
    expect(run.stdout).toBe('');
  }, 30_000);

  it("fails with the server's answer when the key is wrong", async () => {
    const args = syncArgs('aws.events', 'pull', '--format', 'json').map((arg) =>
      arg === world.adminKey ? 'sg_not_a_key' : arg,
    );
    const run = await schemagate(args);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as SyncResult;
    expect(summary.errors).toEqual([
      { message: expect.stringMatching(/^schemagate: .*Unknown or revoked API key/) },
    ]);
    expect(summary.errors[0]?.message).toContain('401 invalid_key');
    expect(summary.errors[0]?.message).toContain('the key from --key was refused');
  }, 30_000);
});
