import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShopConsumer } from '../src/consumer.ts';
import type { OrderPlaced } from '../src/generated/index.ts';
import { SHOP_CONTRACTS_DIR } from '../src/registry.ts';

const validOrderExample = () =>
  readFile(
    join(SHOP_CONTRACTS_DIR, 'shop/com.shop.orders@OrderPlaced/examples/valid/web-order.json'),
    'utf8',
  );

describe('createShopConsumer', () => {
  it('leaves an event whose handler failed to be processed on redelivery, then skips it', async () => {
    const message = await validOrderExample();
    const handled: OrderPlaced[] = [];
    let failuresLeft = 1;
    const consumer = createShopConsumer({
      orderPlaced: (event) => {
        if (failuresLeft-- > 0) throw new Error('warehouse unavailable');
        handled.push(event);
      },
      paymentFailed: () => {
        throw new Error('no payment event was sent');
      },
    });
    const id = JSON.parse(message).id as string;

    await expect(consumer.consume(message)).rejects.toThrow('warehouse unavailable');
    expect(await consumer.consume(message)).toEqual({
      status: 'processed',
      eventId: id,
      schema: 'com.shop.orders@OrderPlaced',
    });
    expect(await consumer.consume(new TextEncoder().encode(message))).toMatchObject({ status: 'duplicate' });
    expect(handled.map((event) => event.id)).toEqual([id]);
  });

  it('rejects a message that is not JSON without calling a handler', async () => {
    const consumer = createShopConsumer({
      orderPlaced: () => {
        throw new Error('not expected');
      },
      paymentFailed: () => {
        throw new Error('not expected');
      },
    });
    expect(await consumer.consume('{"source": ')).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'malformed' },
    });
  });
});
