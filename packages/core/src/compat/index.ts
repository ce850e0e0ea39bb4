export { checkCompatibility, directionsOf } from './check-compatibility.ts';
export type {
  CompatibilityChange,
  CompatibilityCheckArgs,
  CompatibilityDirection,
  CompatibilityMode,
  CompatibilityPolicy,
  CompatibilityReport,
} from './types.ts';
export { COMPATIBILITY_MODES, COMPATIBILITY_POLICIES } from './types.ts';
