import { readFileSync } from 'node:fs';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../packages/eventbridge/test/fixtures/${name}`, import.meta.url), 'utf8');

/** The parts of an aws.events OpenAPI 3 document the tests change. */
export interface AwsEventsSchema {
  components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
}

/** An EventBridge envelope with an EC2 state-change detail. */
export interface Ec2StateChangeEvent {
  source: string;
  'detail-type': string;
  account: string;
  time: string;
  detail: { 'instance-id'?: string; state: string };
}

/** The EC2 state-change schema as the aws.events registry has it (enums and patterns on the fields). */
export const ec2StateChangeSchema = (): AwsEventsSchema =>
  JSON.parse(fixture('ec2-instance-state-change.openapi.json'));

/** The same schema's earlier shape: plain strings, as AWS first published it. */
export function ec2StateChangeSchemaV1(): AwsEventsSchema {
  const schema = ec2StateChangeSchema();
  for (const part of Object.values(schema.components.schemas)) {
    for (const field of Object.values(part.properties)) {
      delete field.enum;
      delete field.pattern;
    }
  }
  return schema;
}

/** A matching sample event: an instance entering `running`. */
export const ec2RunningEvent = (): Ec2StateChangeEvent => JSON.parse(fixture('ec2-running.event.json'));

/** A second aws.events-style schema, so a pull has more than one route to tell apart. */
export function s3ObjectCreatedSchema(): Record<string, unknown> {
  return {
    openapi: '3.0.0',
    info: { version: '1.0.0', title: 'ObjectCreated' },
    paths: {},
    components: {
      schemas: {
        AWSEvent: {
          type: 'object',
          required: [
            'detail-type',
            'resources',
            'detail',
            'id',
            'source',
            'time',
            'region',
            'version',
            'account',
          ],
          'x-amazon-events-detail-type': 'Object Created',
          'x-amazon-events-source': 'aws.s3',
          properties: {
            detail: { $ref: '#/components/schemas/ObjectCreated' },
            account: { type: 'string' },
            'detail-type': { type: 'string' },
            id: { type: 'string' },
            region: { type: 'string' },
            resources: { type: 'array', items: { type: 'string' } },
            source: { type: 'string' },
            time: { type: 'string', format: 'date-time' },
            version: { type: 'string' },
          },
        },
        ObjectCreated: {
          type: 'object',
          required: ['bucket', 'object', 'reason'],
          properties: {
            bucket: { $ref: '#/components/schemas/Bucket' },
            object: { $ref: '#/components/schemas/Object' },
            reason: { type: 'string' },
            'request-id': { type: 'string' },
            requester: { type: 'string' },
            'source-ip-address': { type: 'string' },
            version: { type: 'string' },
          },
        },
        Bucket: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        Object: {
          type: 'object',
          required: ['key', 'size', 'etag'],
          properties: {
            etag: { type: 'string' },
            key: { type: 'string' },
            sequencer: { type: 'string' },
            size: { type: 'number' },
          },
        },
      },
    },
  };
}
