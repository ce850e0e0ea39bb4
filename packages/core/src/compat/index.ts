export { checkCompatibility, directionsOf, versionsCompared } from './check-compatibility.ts';
export type {
  CompatibilityChange,
  CompatibilityCheckArgs,
  CompatibilityDirection,
  CompatibilityMode,
  CompatibilityPolicy,
  CompatibilityReport,
} from './types.ts';
