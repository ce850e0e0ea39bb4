import { describe, expect, it } from 'vitest';
import { isOrderPlaced, type OrderPlacedDetail } from '../src/generated/index.ts';
import { orderPlaced } from '../src/producer.ts';
import { acceptedOrders, buggyOrder } from '../src/sample-events.ts';

const bus = { account: '123456789012', region: 'eu-central-1' };

describe('orderPlaced', () => {
  it('builds the full envelope the contract describes, so the contract can be checked before sending', () => {
    const event = orderPlaced(acceptedOrders[0]!, bus, new Date('2026-11-20T14:03:11.250Z'));
    expect(event).toMatchObject({
      version: '0',
      source: 'com.shop.orders',
      'detail-type': 'OrderPlaced',
      time: '2026-11-20T14:03:11Z',
      ...bus,
    });
    expect(isOrderPlaced(event)).toBe(true);
    expect(isOrderPlaced(orderPlaced(buggyOrder, bus))).toBe(false);
  });

  it('is typed by the generated bindings: what the types can express fails to compile', () => {
    // @ts-expect-error `channel` is one of the contract's values
    const unknownChannel: OrderPlacedDetail = { ...acceptedOrders[0]!, channel: 'fax' };
    // @ts-expect-error `lines` holds at least one line (minItems 1)
    const noLines: OrderPlacedDetail = { ...acceptedOrders[0]!, lines: [] };
    // and the validator refuses them too, for events built without the types
    expect(isOrderPlaced(orderPlaced(unknownChannel, bus))).toBe(false);
    expect(isOrderPlaced(orderPlaced(noLines, bus))).toBe(false);
  });
});
