export { bindingsValidator } from './bindings-validator.ts';
export { type EventBinding, type EventBindings, findBinding, type RouteKeys } from './event-bindings.ts';
export { createEventParser, type EventRejection, type ParsedEvent, parseEvent } from './parse-event.ts';
