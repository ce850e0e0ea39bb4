import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import {
  eventBridgeEntry,
  fullJitterDelay,
  planPutEventsBatches,
  putEventsEntrySize,
} from '@schemagate/core';
import { realSleep } from '../client/transport.ts';
import type { EventValidator, ValidationIssue } from '../validator/event-validator.ts';
import { createGateProducer, type GateProducer, type GateProducerOptions } from './gate-producer.ts';

/** Per-entry error codes EventBridge documents as retryable; any other code is final. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(['ThrottlingException', 'InternalFailure']);

/** What happened to one event of a `publish` call; results come back in input order. */
export type PublishResult =
  | {
      status: 'published';
      eventId: string;
      attempts: number;
      schema?: string;
      version?: number | string;
    }
  /** Refused locally: never sent. */
  | { status: 'invalid'; errors: ValidationIssue[]; schema?: string; version?: number | string }
  /** Sent, and EventBridge refused it for good or the retries ran out. */
  | { status: 'failed'; errorCode: string; errorMessage: string; attempts: number };

/** Options for {@link createProducer}. */
export interface ProducerOptions {
  /** Straight to EventBridge (the default); `'gate'` sends through the schemagate gate ({@link GateProducerOptions}). */
  via?: 'eventbridge';
  eventBridge: Pick<EventBridgeClient, 'send'>;
  busName: string;
  validator: EventValidator;
  /** Entries per PutEvents call; EventBridge allows 10. */
  maxEntries?: number;
  /** Bytes per PutEvents call, counted as EventBridge counts them; EventBridge allows 256 KiB. */
  maxBytes?: number;
  /** Attempts per event, the first send included. Default 5. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests: the wait between attempts, and the jitter source in [0, 1). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A validating EventBridge publisher. */
export interface Producer {
  /** Validates every event, sends only the valid ones, and answers one result per event, in order. */
  publish(events: readonly unknown[]): Promise<PublishResult[]>;
}

interface Pending {
  index: number;
  entry: PutEventsRequestEntry;
  size: number;
  attempts: number;
  schema?: string;
  version?: number | string;
}

/**
 * Creates a producer that never puts an invalid event on the bus: each event is validated locally,
 * valid ones are sent in PutEvents batches within `maxEntries`/`maxBytes`, and entries that fail with
 * a retryable code (ThrottlingException, InternalFailure) are sent again, alone of their batch, after
 * exponential backoff with full jitter.
 *
 * With `via: 'gate'` it is {@link createGateProducer}: events go through the schemagate gate instead.
 *
 * @example
 * const producer = createProducer({ eventBridge: new EventBridgeClient({}), busName: 'shop', validator });
 * const [result] = await producer.publish([orderPlaced]);
 * const viaGate = createProducer({ via: 'gate', url: 'https://schemagate.internal', key });
 */
export function createProducer(options: GateProducerOptions & { via: 'gate' }): GateProducer;
export function createProducer(options: ProducerOptions): Producer;
export function createProducer(
  options: ProducerOptions | (GateProducerOptions & { via: 'gate' }),
): Producer | GateProducer {
  return options.via === 'gate' ? createGateProducer(options) : createEventBridgeProducer(options);
}

function createEventBridgeProducer(options: ProducerOptions): Producer {
  const maxEntries = options.maxEntries ?? 10;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    random: options.random ?? Math.random,
  };
  const sleep = options.sleep ?? realSleep;

  async function publish(events: readonly unknown[]): Promise<PublishResult[]> {
    const results: PublishResult[] = new Array(events.length);
    const verdicts = await Promise.all(events.map((event) => validateSafely(event)));
    let pending: Pending[] = [];
    events.forEach((event, index) => {
      const verdict = verdicts[index]!;
      if ('unavailable' in verdict) {
        results[index] = {
          status: 'failed',
          errorCode: 'ValidationUnavailable',
          errorMessage: verdict.unavailable,
          attempts: 0,
        };
        return;
      }
      const matched = { schema: verdict.schema ?? undefined, version: verdict.version ?? undefined };
      if (!verdict.valid) {
        results[index] = { status: 'invalid', errors: verdict.errors, ...defined(matched) };
        return;
      }
      const converted = eventBridgeEntry(event, options.busName);
      if ('problem' in converted) {
        results[index] = {
          status: 'invalid',
          errors: [{ path: '', keyword: 'envelope', message: converted.problem, schemaPath: '' }],
          ...defined(matched),
        };
        return;
      }
      const size = putEventsEntrySize(converted.entry);
      if (size > maxBytes) {
        results[index] = {
          status: 'failed',
          errorCode: 'EntryTooLarge',
          errorMessage: `entry is ${size} bytes; one PutEvents call takes at most ${maxBytes}`,
          attempts: 0,
        };
        return;
      }
      pending.push({ index, entry: converted.entry, size, attempts: 0, ...defined(matched) });
    });

    for (let round = 1; pending.length > 0; round++) {
      if (round > 1) await sleep(fullJitterDelay(round - 2, backoff));
      const retry: Pending[] = [];
      for (const batch of planPutEventsBatches(pending, (p) => p.size, { maxEntries, maxBytes })) {
        for (const outcome of await sendBatch(batch)) {
          const { item } = outcome;
          item.attempts += 1;
          if (outcome.eventId !== undefined) {
            results[item.index] = {
              status: 'published',
              eventId: outcome.eventId,
              attempts: item.attempts,
              ...defined({ schema: item.schema, version: item.version }),
            };
          } else if (RETRYABLE_ERROR_CODES.has(outcome.errorCode) && item.attempts < maxAttempts) {
            retry.push(item);
          } else {
            results[item.index] = {
              status: 'failed',
              errorCode: outcome.errorCode,
              errorMessage: outcome.errorMessage,
              attempts: item.attempts,
            };
          }
        }
      }
      pending = retry;
    }
    return results;
  }

  /** A validator that cannot answer (registry down, no snapshot) must not let the event through. */
  async function validateSafely(event: unknown) {
    try {
      return await options.validator.validate(event);
    } catch (error) {
      return { unavailable: error instanceof Error ? error.message : String(error) };
    }
  }

  async function sendBatch(
    batch: Pending[],
  ): Promise<Array<{ item: Pending; eventId?: string; errorCode: string; errorMessage: string }>> {
    try {
      const response = await options.eventBridge.send(
        new PutEventsCommand({ Entries: batch.map((item) => item.entry) }),
      );
      return batch.map((item, position) => {
        const answer = response.Entries?.[position];
        if (answer?.EventId && !answer.ErrorCode)
          return { item, eventId: answer.EventId, errorCode: '', errorMessage: '' };
        return {
          item,
          errorCode: answer?.ErrorCode ?? 'MissingResultEntry',
          errorMessage: answer?.ErrorMessage ?? 'PutEvents answered no result for this entry',
        };
      });
    } catch (error) {
      // The AWS SDK has already retried the call per its own retry strategy; a whole-call throttle or
      // server fault that still got through is retried here like a per-entry one.
      const name = error instanceof Error ? error.name : 'Error';
      const code = name === 'ThrottlingException' || isServerFault(error) ? retryableCodeOf(name) : name;
      const message = error instanceof Error ? error.message : String(error);
      return batch.map((item) => ({ item, errorCode: code, errorMessage: message }));
    }
  }

  return { publish };
}

function isServerFault(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

function retryableCodeOf(name: string): string {
  return name === 'ThrottlingException' ? name : 'InternalFailure';
}

/** Drops undefined fields so results compare and print cleanly. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
