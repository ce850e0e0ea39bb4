import { outOfRangeResult, refusalResult, versionResult } from '@schemagate/core';
import type { EventValidationResult, EventValidator } from '../validator/event-validator.ts';
import { type EventBindings, routeBinding } from './event-bindings.ts';

/**
 * An {@link EventValidator} backed by generated bindings, so a producer can validate with no registry
 * at hand. Routes and judges like the registry (core's rule); `target.schema` picks a binding by name instead.
 */
export function bindingsValidator<Types>(bindings: EventBindings<Types>): EventValidator {
  return {
    validate(event, target = {}): EventValidationResult {
      const outOfRange = outOfRangeResult(event, { registry: target.registry, schema: target.schema });
      if (outOfRange) return outOfRange;
      const match = routeBinding(bindings, event, target);
      if (!match.ok)
        return refusalResult(match.refusal, { registry: target.registry, schema: target.schema });
      const { binding } = match.target;
      return versionResult(
        {
          registry: binding.registry,
          name: binding.name,
          version: binding.version,
          state: binding.state ?? 'active',
        },
        binding.check(event),
      );
    },
  };
}
