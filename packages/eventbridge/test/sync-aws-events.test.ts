import { readFileSync } from 'node:fs';
import { compileSchema, extractRouteKeys } from '@schemagate/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from './sync-fixture.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('an aws.events-style OpenAPI 3 schema pulled from EventBridge', () => {
  let fx: SyncFixture;
  beforeEach(async () => {
    fx = await createSyncFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('routes an EC2 state-change event by source/detail-type and validates it; a broken one fails with useful errors', async () => {
    fx.emulator.state.store.seedVersion(
      'aws.events',
      'aws.ec2@EC2InstanceStateChangeNotification',
      'OpenApi3',
      fixture('ec2-instance-state-change.openapi.json'),
    );
    const result = await fx.sync({ registry: 'aws.events', direction: 'pull' });
    expect(result).toMatchObject({ created: 1, errors: [] });

    const event = JSON.parse(fixture('ec2-running.event.json'));
    const candidates = [];
    for (const name of await fx.port.listSchemas('aws.events')) {
      const [latest] = (await fx.port.listVersions('aws.events', name)).slice(-1);
      const version = await fx.port.getVersion('aws.events', name, latest!.version);
      const keys = extractRouteKeys({ format: version.format, schema: version.schema });
      if (keys.source === event.source && keys.detailType === event['detail-type']) candidates.push(version);
    }
    expect(candidates).toHaveLength(1);
    const [pulled] = candidates;
    expect(pulled!.format).toBe('openapi3');

    const validator = compileSchema({ format: pulled!.format, schema: pulled!.schema });
    expect(validator.validate(event)).toBeNull();

    const broken = structuredClone(event);
    broken.detail.state = 'exploded';
    delete broken.detail['instance-id'];
    broken.account = 'not-an-account';
    const errors = validator.validate(broken);
    expect(errors).not.toBeNull();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/detail/instance-id', keyword: 'required' }),
        expect.objectContaining({ path: '/detail/state', keyword: 'enum' }),
        expect.objectContaining({ path: '/account', keyword: 'pattern' }),
      ]),
    );
    for (const error of errors ?? []) expect(error.message.length).toBeGreaterThan(5);
  });
});
