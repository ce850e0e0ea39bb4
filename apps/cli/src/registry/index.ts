export {
  adminKeyFileOf,
  type Connection,
  type ConnectionFlags,
  DEFAULT_DATA_DIR,
  DEFAULT_URL,
  dataFolderOf,
  resolveConnection,
} from './connection.ts';
export { describeFailure, describeRefusal, type Refusal } from './describe-failure.ts';
export {
  colorsFor,
  OUTPUT_FORMATS,
  type OutputFormat,
  parseOutputFormat,
  writeJson,
} from './output-format.ts';
export { createProgress, type Progress } from './progress.ts';
export { type FileOutcome, type PullOptions, type PullResult, pullContracts } from './pull-contracts.ts';
export { type PushOutcome, type PushResult, pushContracts } from './push-contracts.ts';
export {
  dataOption,
  keyOption,
  openRegistry,
  type RegistryFlags,
  withRegistryOptions,
} from './registry-command.ts';
export { type FileVerdict, type ValidateFilesOptions, validateFiles } from './validate-files.ts';
