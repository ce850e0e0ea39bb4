import { UNRESOLVED_REFERENCE } from './registry-port.ts';

/** The two sides of a sync, as messages name them. */
export type SyncSide = 'EventBridge' | 'schemagate';

/** The target registry did not exist and could not be created (permissions, mostly). */
export class RegistryCreationError extends Error {
  override readonly name = 'RegistryCreationError';

  constructor(side: SyncSide, registry: string, cause: unknown) {
    super(`${side}: cannot create registry ${registry}: ${describeError(cause)}`);
  }
}

/** The registry refused content because a `$ref` names an `$id` it does not hold (yet). */
export function isUnresolvedReference(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNRESOLVED_REFERENCE
  );
}

/** True when `error` is the AWS exception called `name`: the SDK's exceptions are told apart by name. */
export function hasErrorName(error: unknown, name: string): boolean {
  return (error as { name?: string }).name === name;
}

/** A one-line message for any thrown value, with the error's name when it says more than `Error`. */
export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
