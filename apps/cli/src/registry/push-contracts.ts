import { findOutOfRangeNumbers } from '@schemagate/core';
import type { FolderContract } from '@schemagate/schemas-folder';
import { isSchemagateError, type SchemagateClient } from '@schemagate/sdk';

export type PushOutcome = 'created' | 'unchanged' | 'incompatible' | 'invalid' | 'failed';

/** What happened to one contract. */
export interface PushResult {
  registry: string;
  name: string;
  outcome: PushOutcome;
  version?: number;
  warnings: string[];
  /** Why it was refused. */
  detail?: string;
  /** The compatibility changes of an `incompatible` refusal, or the schema errors of an `invalid` one. */
  problems?: unknown[];
}

/** Refusals that concern the whole run, not one contract: no point trying the next one. */
const fatal = (error: unknown) =>
  isSchemagateError(error) && (error.status === 0 || error.status === 401 || error.status === 403);

/**
 * Registers contracts in the order given (`loadSchemaFolder` puts referenced schemas first), creating missing
 * registries and applying each `config.json` before the version is checked against it when the schema already
 * exists. Connection and auth failures are thrown; everything else is a per-contract result.
 */
export async function pushContracts(
  client: SchemagateClient,
  contracts: readonly FolderContract[],
  onStep: (contract: FolderContract) => void = () => {},
): Promise<PushResult[]> {
  const ensured = new Set<string>();
  const results: PushResult[] = [];
  for (const contract of contracts) {
    onStep(contract);
    try {
      if (!ensured.has(contract.registry)) {
        await ensureRegistry(client, contract.registry);
        ensured.add(contract.registry);
      }
      results.push(await pushOne(client, contract));
    } catch (error) {
      if (fatal(error)) throw error;
      results.push(refusal(contract, error));
    }
  }
  return results;
}

async function ensureRegistry(client: SchemagateClient, registry: string): Promise<void> {
  try {
    await client.getRegistry(registry);
  } catch (error) {
    if (!isSchemagateError(error, 404)) throw error;
    await client.putRegistry(registry, {});
  }
}

async function pushOne(client: SchemagateClient, contract: FolderContract): Promise<PushResult> {
  const { registry, name, config } = contract;
  // sent as JSON, a literal past 1.8e308 in the file (read as ±Infinity) would arrive as null: another schema
  const outOfRange = findOutOfRangeNumbers(contract.schema);
  if (outOfRange.length > 0) {
    return {
      registry,
      name,
      warnings: [],
      outcome: 'invalid',
      detail: 'The schema holds numbers beyond what a 64-bit float holds; JSON would send them as null',
      problems: outOfRange,
    };
  }
  let configPending = false;
  if (config) {
    // The new mode must be in force before the version is judged, but a new schema has no config to set yet.
    await client.putSchemaConfig(registry, name, config).catch((error: unknown) => {
      if (!isSchemagateError(error, 404)) throw error;
      configPending = true;
    });
  }
  const { created, result } = await client.registerVersion(registry, name, {
    schema: contract.schema,
    format: contract.format,
  });
  if (config && configPending) await client.putSchemaConfig(registry, name, config);
  return {
    registry,
    name,
    outcome: created ? 'created' : 'unchanged',
    version: result.version,
    warnings: result.warnings,
  };
}

function refusal(contract: FolderContract, error: unknown): PushResult {
  const base = { registry: contract.registry, name: contract.name, warnings: [] };
  if (!isSchemagateError(error)) {
    return { ...base, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  const detail = error.problem.detail ?? error.problem.title;
  if (error.code === 'incompatible') {
    const report = error.problem.report as { changes?: Array<{ breaking?: boolean }> } | undefined;
    const breaking = (report?.changes ?? []).filter((change) => change.breaking !== false);
    return { ...base, outcome: 'incompatible', detail, problems: breaking };
  }
  if (error.status === 422)
    return { ...base, outcome: 'invalid', detail, problems: error.problem.errors ?? [] };
  return { ...base, outcome: 'failed', detail: `${error.status} ${error.code}: ${detail}` };
}
