export { formatLoadReport } from './format-report.ts';
export { type LoadEvent, loadEvents } from './load-events.ts';
export { type PhaseReport, percentile, type TotalReport } from './phase-stats.ts';
export { checkShape, type LoadShape, type PhaseKind, type PlannedPhase, planPhases } from './plan.ts';
export {
  type LoadEndpoint,
  type LoadReport,
  type LoadStatus,
  type RunLoadOptions,
  runLoad,
} from './run-load.ts';
export { loadStatusLine } from './status-line.ts';
