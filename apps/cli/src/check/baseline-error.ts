/** The baseline of `schemagate check` cannot be read (a bad ref, an unreachable registry): a setup error, exit 2. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}
