import type { FolderContract } from '@schemagate/schemas-folder';
import type { SchemagateClient } from '@schemagate/sdk';
import { describe, expect, it, vi } from 'vitest';
import { pushContracts } from './push-contracts.ts';

// the SDK's entry loads the AWS SDK, which vitest cannot resolve here; the client is a fake anyway
vi.mock('@schemagate/sdk', () => ({ isSchemagateError: () => false }));

const contract = (name: string, text: string): FolderContract => ({
  registry: 'shop',
  name,
  format: 'jsonschema',
  schema: JSON.parse(text),
  schemaFile: `shop/${name}/schema.json`,
  text,
  examples: { valid: [], invalid: [] },
  references: [],
});

describe('pushContracts', () => {
  it('sends no schema whose numbers JSON would turn into null, naming their pointers', async () => {
    const sent: unknown[] = [];
    const client = {
      getRegistry: async () => ({}),
      registerVersion: async (_registry: string, _name: string, body: { schema: unknown }) => {
        sent.push(JSON.parse(JSON.stringify(body.schema)));
        return { created: true, result: { version: 1, warnings: [] } };
      },
    } as unknown as SchemagateClient;
    const results = await pushContracts(client, [
      contract('com.x@Big', '{"type": "object", "properties": {"n": {"const": 1e400, "maximum": -1e309}}}'),
      contract('com.x@Fine', '{"type": "number", "maximum": 1.7976931348623157e308}'),
    ]);
    expect(results[0]).toMatchObject({ name: 'com.x@Big', outcome: 'invalid' });
    expect((results[0]!.problems as { path: string }[]).map((p) => p.path)).toEqual([
      '/properties/n/const',
      '/properties/n/maximum',
    ]);
    expect(results[1]).toMatchObject({ name: 'com.x@Fine', outcome: 'created', version: 1 });
    expect(sent).toEqual([{ type: 'number', maximum: Number.MAX_VALUE }]);
  });
});
