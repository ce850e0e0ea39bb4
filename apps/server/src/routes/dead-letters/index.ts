import { type Api, mount, type RouteGuards } from '../../mount.ts';
import type { GateService } from '../../services/gate-service.ts';
import * as remove from './delete.ts';
import * as list from './list.ts';
import * as replay from './replay.ts';
import * as replayMany from './replay-many.ts';

/** Dead letters: events kept aside, listed, replayed through validation into the outbox, or deleted. */
export function mountDeadLettersApi(api: Api, guards: RouteGuards, gate: GateService): void {
  mount(api, guards, list.route, list.handler(gate));
  // `/replay` before `/{id}/replay`, though hono would not confuse them: one segment against two
  mount(api, guards, replayMany.route, replayMany.handler(gate));
  mount(api, guards, replay.route, replay.handler(gate));
  mount(api, guards, remove.route, remove.handler(gate));
}
