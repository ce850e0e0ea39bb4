/**
 * EventBridge accepts OpenAPI 3 documents without an `AWSEvent` component (its documentation's custom-schema example
 * has one component, `Some Awesome Schema`); the registry takes the only component as the event, so a pull from
 * EventBridge keeps such a schema, and refuses an undecidable document with its reason and a JSON Pointer, which
 * the SDK's error (and so the sync's report) repeats.
 */
import { eachDatabase } from '@schemagate/db/testing';
import { createClient, SchemagateError } from '@schemagate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { someAwesomeSchema } from '../../../packages/core/test/fixtures/custom-openapi.ts';
import { startTestApp, type TestApp } from './harness.ts';

const awesome = someAwesomeSchema;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(await eachDatabase()[0]!.create());
}, 60_000);
afterAll(() => t?.close());

describe('OpenAPI 3 documents without AWSEvent', () => {
  it('registers a single-component document, routes to it and validates against it', async () => {
    const res = await t.call('POST', '/v1/registries/aws/schemas/com.example.awesome@Awesome/versions', {
      json: { schema: awesome },
    });
    expect(res.status).toBe(201);
    const event = { source: 'com.example.awesome', 'detail-type': 'Awesome', detail: { foo: 1 } };
    const verdict = await t.call('POST', '/v1/validate', {
      key: 'validate',
      json: { registry: 'aws', event },
    });
    expect(await verdict.json()).toMatchObject({
      valid: false,
      schema: 'com.example.awesome@Awesome',
      errors: [{ path: '/detail/foo', keyword: 'type' }],
    });
  });

  it('refuses several components without AWSEvent, naming the reason and a pointer, in the SDK error too', async () => {
    const several = {
      ...awesome,
      components: { schemas: { ...awesome.components.schemas, Other: { type: 'object' } } },
    };
    const client = createClient({
      url: 'http://schemagate.test',
      key: t.keys.admin,
      fetch: (input, init) => Promise.resolve(t.app.request(input as string, init)),
    });
    const error = await client
      .registerVersion('aws', 'several', { schema: several })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemagateError);
    const refused = error as SchemagateError;
    expect(refused.status).toBe(422);
    expect(refused.problem.errors).toEqual([
      expect.objectContaining({
        path: '/components/schemas',
        message:
          "components.schemas has 2 components and none is named AWSEvent: name the event's component AWSEvent, or keep it the only one",
      }),
    ]);
    expect(refused.message).toBe(
      "Not a valid schema: /components/schemas: components.schemas has 2 components and none is named AWSEvent: name the event's component AWSEvent, or keep it the only one",
    );
  });
});
