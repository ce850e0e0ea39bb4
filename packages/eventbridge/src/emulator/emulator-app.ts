import { Hono } from 'hono';
import { type AcceptedEvent, createPutEventsApi, type PutEventsCall } from './put-events-api.ts';
import { PutEventsFaults } from './put-events-faults.ts';
import { SchemaStore } from './schema-store.ts';
import { createSchemasApi } from './schemas-api.ts';
import { SchemasFaults } from './schemas-faults.ts';

/** Everything the emulator holds; tests read it to check what a client really did. */
export interface EmulatorState {
  /** The Schema Registry contents. `store.seedVersion` fills it without HTTP. */
  store: SchemaStore;
  /** Events PutEvents accepted, in arrival order. */
  events: AcceptedEvent[];
  /** Every PutEvents call received, in arrival order, with each entry's answer. */
  putEventsCalls: PutEventsCall[];
  /** Schemas API call counts per operation. */
  callCount(operation?: string): number;
  /** Forgets the call counts (not the contents). */
  resetCalls(): void;
}

/** Handles to inject failures into the emulator. */
export interface EmulatorFaults {
  schemas: SchemasFaults;
  putEvents: PutEventsFaults;
}

/** Options for {@link createEmulatorApp}. */
export interface EmulatorOptions {
  region?: string;
  /** The draws behind the injected shares of failures (see {@link PutEventsFaults}); Math.random by default. */
  random?: () => number;
}

/**
 * Builds the emulator's hono app: the Schemas REST-JSON API under `/v1/...` and EventBridge's
 * JSON 1.1 PutEvents at `POST /`. Both share one host so one `endpoint` serves both SDK clients.
 */
export function createEmulatorApp(options: EmulatorOptions = {}): {
  app: Hono;
  state: EmulatorState;
  inject: EmulatorFaults;
} {
  const store = new SchemaStore(options.region);
  const schemasFaults = new SchemasFaults();
  const putEventsFaults = new PutEventsFaults(options.random);
  const events: AcceptedEvent[] = [];
  const putEventsCalls: PutEventsCall[] = [];

  const app = new Hono();
  app.route('/', createPutEventsApi(putEventsFaults, events, putEventsCalls));
  app.route('/', createSchemasApi(store, schemasFaults));
  app.notFound((c) =>
    c.json({ Code: 'NotFoundException', Message: `No route for ${c.req.method} ${c.req.path}` }, 404, {
      'x-amzn-ErrorType': 'NotFoundException',
    }),
  );

  const state: EmulatorState = {
    store,
    events,
    putEventsCalls,
    callCount: (operation) => schemasFaults.callCount(operation),
    resetCalls: () => schemasFaults.resetCalls(),
  };
  return { app, state, inject: { schemas: schemasFaults, putEvents: putEventsFaults } };
}
