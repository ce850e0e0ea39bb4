import { readFileSync } from 'node:fs';

/** Contracts the server tests register. */
export const orderPlacedV1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.test/orders/order-placed.json',
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'com.example.orders' },
    'detail-type': { const: 'OrderPlaced' },
    detail: {
      type: 'object',
      required: ['orderId', 'total'],
      properties: {
        orderId: { type: 'string', pattern: '^ord_[A-Za-z0-9]{4,}$' },
        total: { type: 'number', minimum: 0 },
        note: { type: 'string', maxLength: 200 },
      },
    },
  },
};

/** v1 with a longer `note` allowed: compatible under BACKWARD (strict). */
export const orderPlacedV2 = {
  ...orderPlacedV1,
  properties: {
    ...orderPlacedV1.properties,
    detail: {
      ...orderPlacedV1.properties.detail,
      properties: { ...orderPlacedV1.properties.detail.properties, note: { type: 'string', maxLength: 500 } },
    },
  },
};

export const goodOrder = {
  version: '0',
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  source: 'com.example.orders',
  'detail-type': 'OrderPlaced',
  time: '2026-11-26T10:00:00Z',
  detail: { orderId: 'ord_1234', total: 10.5 },
};

export const badOrder = { ...goodOrder, detail: { orderId: 'x', total: -1 } };

export const stockAdjusted = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['specversion', 'type', 'data'],
  properties: {
    specversion: { const: '1.0' },
    type: { const: 'com.example.inventory.stock.adjusted' },
    data: {
      type: 'object',
      required: ['sku', 'delta'],
      properties: { sku: { type: 'string' }, delta: { type: 'integer' } },
    },
  },
};

// The EC2 state-change contract and event the EventBridge package's tests use: one copy in the repository.
const eventbridgeFixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../../packages/eventbridge/test/fixtures/${name}`, import.meta.url), 'utf8'),
  );

export const ec2StateChange = eventbridgeFixture('ec2-instance-state-change.openapi.json');
export const ec2Event = eventbridgeFixture('ec2-running.event.json') as Record<string, unknown>;
