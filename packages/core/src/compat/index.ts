export {
  type CompatibilityLimit,
  CompatibilityLimitError,
  type CompatibilityLimits,
  DEFAULT_COMPATIBILITY_LIMITS,
} from './budget.ts';
export { checkCompatibility, directionsOf, versionsCompared } from './check-compatibility.ts';
export type {
  CompatibilityChange,
  CompatibilityCheckArgs,
  CompatibilityDirection,
  CompatibilityMode,
  CompatibilityPolicy,
  CompatibilityReport,
} from './types.ts';
