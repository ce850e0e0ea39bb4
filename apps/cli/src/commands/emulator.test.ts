import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSchemasClient, DEFAULT_RETRY_POLICY, EventBridgeSchemas } from '@schemagate/eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForLine } from '../../test/wait-for-line.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(repo, 'apps/cli/bin/schemagate.js');

describe('schemagate emulator', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the Schemas API to the real AWS SDK client and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [bin, 'emulator', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);

    const client = createSchemasClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const schemas = new EventBridgeSchemas(client, DEFAULT_RETRY_POLICY);
      expect(await schemas.registryExists('shop')).toBe(false);
      await schemas.createRegistry('shop');
      expect(await schemas.registryExists('shop')).toBe(true);
      expect(await schemas.listSchemas('shop')).toEqual([]);
    } finally {
      client.destroy();
    }

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    await expect(fetch(`${url}/v1/registries`)).rejects.toThrow();
  }, 30_000);
});
