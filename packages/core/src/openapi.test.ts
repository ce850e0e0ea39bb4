import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { someAwesomeSchema } from '../test/fixtures/custom-openapi.ts';
import { ec2StateChangeEvent } from '../test/fixtures/ec2-events.ts';
import { analyzeSchema, compileSchema, detectDialect, extractRouteKeys, toJsonSchema } from './index.ts';

// The converted schema's shape as these tests read it.
type ConvertedSchema = {
  properties: Record<string, { $ref?: string }>;
  definitions: Record<string, { properties: Record<string, { type?: unknown }> }>;
};

const ec2Document = JSON.parse(
  readFileSync(new URL('../test/fixtures/ec2-instance-state-change.openapi.json', import.meta.url), 'utf8'),
);
const input = { format: 'openapi3' as const, schema: ec2Document };

describe('EventBridge OpenAPI 3 schemas', () => {
  it('validate a well-formed EC2 state-change event', () => {
    expect(compileSchema(input).validate(ec2StateChangeEvent())).toBeNull();
  });

  it('report every broken field of an event, with JSON Pointers into the event', () => {
    const event = ec2StateChangeEvent();
    const detail = event.detail as Record<string, unknown>;
    detail.state = 'exploded';
    detail['instance-id'] = 'vm-1';
    delete event.account;
    const errors = compileSchema(input).validate(event);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/account', keyword: 'required' }),
        expect.objectContaining({ path: '/detail/state', keyword: 'enum' }),
        expect.objectContaining({ path: '/detail/instance-id', keyword: 'pattern' }),
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('honour nullable: null passes where nullable is true and fails elsewhere', () => {
    const validator = compileSchema(input);
    const event = ec2StateChangeEvent();
    (event.detail as Record<string, unknown>)['instance-id'] = null;
    expect(validator.validate(event)).toEqual([
      expect.objectContaining({ path: '/detail/instance-id', keyword: 'type' }),
    ]);
  });

  it('convert to a draft-04 schema rooted at AWSEvent without touching the document', () => {
    const before = JSON.stringify(ec2Document);
    const converted = toJsonSchema(input) as ConvertedSchema;
    expect(JSON.stringify(ec2Document)).toBe(before);
    expect(detectDialect(ec2Document)).toBe('draft-04');
    expect(converted.properties.detail?.$ref).toBe('#/definitions/EC2InstanceStateChangeNotification');
    expect(
      converted.definitions.EC2InstanceStateChangeNotification?.properties['previous-state']?.type,
    ).toEqual(['string', 'null']);
  });

  it('yield the EventBridge routing keys', () => {
    expect(extractRouteKeys(input)).toEqual({
      source: 'aws.ec2',
      detailType: 'EC2 Instance State-change Notification',
    });
  });

  it('register with int32 known and no warnings', () => {
    expect(analyzeSchema(input)).toEqual({
      ok: true,
      analysis: { dialect: 'draft-04', references: [], warnings: [] },
    });
  });

  it('refuse a document without components.schemas.AWSEvent, pointing at it', () => {
    const result = analyzeSchema({
      format: 'openapi3',
      schema: { openapi: '3.0.0', components: { schemas: {} } },
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_schema' });
    expect(result.ok === false && result.errors[0]!.path).toBe('/components/schemas/AWSEvent');
  });

  it('take the only component as the event when there is no AWSEvent, as EventBridge accepts', () => {
    const custom = someAwesomeSchema;
    const customInput = { format: 'openapi3' as const, schema: custom };
    expect(analyzeSchema(customInput)).toMatchObject({ ok: true });
    expect(extractRouteKeys(customInput)).toEqual({ source: 'com.example.awesome', detailType: 'Awesome' });
    const validator = compileSchema(customInput);
    const event = { source: 'com.example.awesome', 'detail-type': 'Awesome', detail: { foo: 'a' } };
    expect(validator.validate(event)).toBeNull();
    expect(validator.validate({ source: 1, detail: {} })).toEqual([
      expect.objectContaining({ path: '/detail-type', keyword: 'required' }),
      expect.objectContaining({ path: '/source', keyword: 'type' }),
      expect.objectContaining({ path: '/detail/foo', keyword: 'required' }),
    ]);
    // meta-schema errors point at the component as it is named in the document
    const broken = structuredClone(custom);
    (broken.components.schemas['Some Awesome Schema'].properties.source as { type: unknown }).type = 'strin';
    const refused = analyzeSchema({ format: 'openapi3', schema: broken });
    expect(refused.ok === false && refused.errors.map((error) => error.path)).toContain(
      '/components/schemas/Some Awesome Schema/properties/source/type',
    );
  });

  it('refuse a document of several components without AWSEvent, saying why and where', () => {
    const result = analyzeSchema({
      format: 'openapi3',
      schema: { openapi: '3.0.0', components: { schemas: { A: { type: 'object' }, B: { type: 'object' } } } },
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_schema',
      errors: [
        {
          path: '/components/schemas',
          message:
            "components.schemas has 2 components and none is named AWSEvent: name the event's component AWSEvent, or keep it the only one",
        },
      ],
    });
  });

  it('point meta-schema errors into the OpenAPI document', () => {
    const broken = structuredClone(ec2Document);
    broken.components.schemas.StateReason.properties.code.minimum = 'zero';
    const result = analyzeSchema({ format: 'openapi3', schema: broken });
    expect(result.ok === false && result.errors.map((error) => error.path)).toContain(
      '/components/schemas/StateReason/properties/code/minimum',
    );
  });
});
