import type { EventValidationResult, EventValidator } from '../validator/event-validator.ts';
import { type EventBinding, type EventBindings, findBinding } from './event-bindings.ts';

/**
 * An {@link EventValidator} backed by generated bindings, so a producer can validate with no registry
 * at hand. Routes like the registry; `target.schema` picks a binding by name instead.
 */
export function bindingsValidator<Types>(bindings: EventBindings<Types>): EventValidator {
  return {
    validate(event, target): EventValidationResult {
      const binding: EventBinding<unknown> | undefined =
        target?.schema !== undefined
          ? (bindings as Record<string, EventBinding<unknown>>)[target.schema]
          : findBinding(bindings, event)?.binding;
      if (!binding) {
        return {
          valid: false,
          errors: [{ path: '', keyword: 'route', message: 'no schema for this event', schemaPath: '' }],
        };
      }
      const errors = binding.check(event);
      return {
        valid: errors.length === 0,
        registry: binding.registry,
        schema: binding.name,
        version: binding.version,
        errors,
      };
    },
  };
}
