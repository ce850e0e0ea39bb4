import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff.ts';
import {
  acceptedEventEntry,
  entryTooLarge,
  eventBridgeEntry,
  forwardableEntry,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  planPutEventsBatches,
  putEventsEntrySize,
} from './put-events.ts';

const context = {
  eventBus: 'shop-bus',
  registry: 'shop',
  schema: 'orders',
  acceptedAt: new Date('2026-01-02T03:04:05Z'),
};

describe('the entry of an accepted event', () => {
  it('maps an EventBridge envelope field by field and leaves out what EventBridge assigns', () => {
    const event = {
      version: '0',
      id: 'e1',
      account: '123',
      region: 'eu-west-1',
      source: 'com.shop.orders',
      'detail-type': 'OrderPlaced',
      time: '2026-03-04T05:06:07Z',
      resources: ['arn:aws:shop:order/1'],
      detail: { orderId: 'o-1', total: 12.5 },
    };
    expect(acceptedEventEntry(event, context)).toEqual({
      entry: {
        EventBusName: 'shop-bus',
        Source: 'com.shop.orders',
        DetailType: 'OrderPlaced',
        Detail: '{"orderId":"o-1","total":12.5}',
        Time: new Date('2026-03-04T05:06:07Z'),
        Resources: ['arn:aws:shop:order/1'],
      },
    });
    // no time of its own: the time it was accepted
    const { time: _time, ...untimed } = event;
    expect(acceptedEventEntry(untimed, context)).toMatchObject({ entry: { Time: context.acceptedAt } });
  });

  it("keeps an envelope's detail as written: digits past a double's, spacing, member order", () => {
    const text = '{"source":"s","detail-type":"d","detail":{ "id": 12345678901234567890, "b":1,"a":2 }}';
    expect(acceptedEventEntry(JSON.parse(text), context, text)).toMatchObject({
      entry: { Detail: '{ "id": 12345678901234567890, "b":1,"a":2 }' },
    });
  });

  it('sends a CloudEvent whole, byte for byte, as the Detail', () => {
    const text =
      '{"specversion":"1.0","id":"ce-1","source":"/shop/orders","type":"com.shop.order.placed","subject":"o-1","time":"2026-03-04T05:06:07Z","data":{"total":  1}}';
    const result = acceptedEventEntry(JSON.parse(text), context, text);
    expect(result).toEqual({
      entry: {
        EventBusName: 'shop-bus',
        Source: '/shop/orders',
        DetailType: 'com.shop.order.placed',
        Detail: text,
        Time: new Date('2026-03-04T05:06:07Z'),
      },
    });
  });

  it('names a plain JSON event after its registry and schema', () => {
    const text = '{"orderId": "o-1"}';
    expect(acceptedEventEntry(JSON.parse(text), context, text)).toEqual({
      entry: {
        EventBusName: 'shop-bus',
        Source: 'schemagate.shop',
        DetailType: 'orders',
        Detail: text,
        Time: context.acceptedAt,
      },
    });
  });

  it('says why an event cannot be an entry', () => {
    const problem = (event: unknown) => {
      const result = acceptedEventEntry(event, context);
      return 'problem' in result ? result.problem : undefined;
    };
    expect(problem([1, 2])).toMatch(/JSON object/);
    expect(problem('text')).toMatch(/JSON object/);
    expect(problem({ source: 's', 'detail-type': 'd', detail: [1] })).toMatch(/object as `detail`/);
    expect(problem({ source: 's', 'detail-type': 'd', detail: {}, time: 'soon' })).toBe(
      '`time` is not a date',
    );
    expect(problem({ source: 's', 'detail-type': 'd', detail: {}, resources: [1] })).toMatch(/resources/);
    expect(problem({ specversion: '1.0', type: 't', id: '1' })).toMatch(/CloudEvent needs a string `source`/);
    expect(problem({ specversion: '1.0', type: 't', source: 's', time: 'x' })).toMatch(
      /`time` is not a date/,
    );
    expect(eventBridgeEntry({ source: 's' }, 'b')).toEqual({
      problem: 'an event needs string `source` and `detail-type` and a `detail`',
    });
  });
});

describe('entry sizes', () => {
  it('counts UTF-8 bytes of Source, DetailType, Detail and Resources, and 14 for Time, as EventBridge does', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary' }),
        fc.string(),
        fc.array(fc.string({ unit: 'grapheme-composite' }), { maxLength: 3 }),
        fc.boolean(),
        (source, detailType, detail, resources, timed) => {
          const entry = { Source: source, DetailType: detailType, Detail: detail, Resources: resources };
          const expected = [source, detailType, detail, ...resources].reduce(
            (n, text) => n + Buffer.byteLength(text, 'utf8'),
            timed ? 14 : 0,
          );
          expect(putEventsEntrySize(timed ? { ...entry, Time: new Date() } : entry)).toBe(expected);
        },
      ),
    );
  });

  it('calls an entry over a whole call too large to send, naming its size', () => {
    expect(entryTooLarge(PUT_EVENTS_MAX_BYTES)).toBeUndefined();
    expect(entryTooLarge(PUT_EVENTS_MAX_BYTES + 1)).toMatch(
      /262145 bytes; one PutEvents call takes at most 262144/,
    );
  });
});

describe('whether an accepted event can be forwarded at all', () => {
  it('gives the entry with its size, or the reason it never can be sent', () => {
    const text = '{"orderId":"o-1"}';
    expect(forwardableEntry(JSON.parse(text), context, text)).toEqual({
      entry: expect.objectContaining({ Source: 'schemagate.shop', Detail: text }),
      size: 'schemagate.shop'.length + 'orders'.length + text.length + 14,
    });
    const huge = { source: 's', 'detail-type': 'd', detail: { pad: 'é'.repeat(140_000) } };
    expect(forwardableEntry(huge, context)).toEqual({
      problem: expect.stringMatching(
        /^the EventBridge entry would be 280026 bytes; one PutEvents call takes at most 262144/,
      ),
    });
    expect(forwardableEntry(7, context)).toEqual({
      problem: 'EventBridge takes only a JSON object as an event',
    });
  });
});

describe('PutEvents calls', () => {
  it('keep order and stay within 10 entries and 256 KiB, filling each call before the next', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: PUT_EVENTS_MAX_BYTES }), { maxLength: 80 }), (sizes) => {
        const items = sizes.map((size, index) => ({ index, size }));
        const batches = planPutEventsBatches(items, (item) => item.size);
        expect(batches.flat()).toEqual(items);
        batches.forEach((batch, i) => {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(PUT_EVENTS_MAX_ENTRIES);
          const bytes = batch.reduce((n, item) => n + item.size, 0);
          expect(bytes).toBeLessThanOrEqual(PUT_EVENTS_MAX_BYTES);
          // a call was closed only because the next item would not fit
          const next = batches[i + 1]?.[0];
          if (next)
            expect(batch.length === PUT_EVENTS_MAX_ENTRIES || bytes + next.size > PUT_EVENTS_MAX_BYTES).toBe(
              true,
            );
        });
      }),
    );
  });
});

describe('full jitter', () => {
  it('draws from [0, min(max, base * 2^retry)) and reaches across the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, draw) => {
          const window = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
          const delay = fullJitterDelay(retry, { baseDelayMs, maxDelayMs, random: () => draw });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(window);
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
    const policy = { baseDelayMs: 100, maxDelayMs: 5000 };
    expect(fullJitterDelay(3, { ...policy, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(3, { ...policy, random: () => 0.999_999 })).toBe(799);
    expect(fullJitterDelay(30, { ...policy, random: () => 0.999_999 })).toBe(4999);
  });
});
