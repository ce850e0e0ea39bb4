export { bindingsValidator } from './bindings-validator.ts';
export {
  type EventBinding,
  type EventBindings,
  type FoundBinding,
  findBinding,
  type RouteKeys,
  routeBinding,
} from './event-bindings.ts';
export { createEventParser, type EventRejection, type ParsedEvent, parseEvent } from './parse-event.ts';
