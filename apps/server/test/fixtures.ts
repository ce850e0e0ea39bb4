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

export const ec2StateChange = {
  openapi: '3.0.0',
  info: { version: '1.0.0', title: 'EC2InstanceStateChangeNotification' },
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
        'x-amazon-events-detail-type': 'EC2 Instance State-change Notification',
        'x-amazon-events-source': 'aws.ec2',
        properties: {
          detail: { $ref: '#/components/schemas/EC2InstanceStateChangeNotification' },
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
      EC2InstanceStateChangeNotification: {
        type: 'object',
        required: ['instance-id', 'state'],
        properties: {
          'instance-id': { type: 'string' },
          state: {
            type: 'string',
            enum: ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'],
          },
        },
      },
    },
  },
};

export const ec2Event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2026-11-26T10:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'running' },
};
