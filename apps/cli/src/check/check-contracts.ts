import path from 'node:path';
import {
  analyzeSchema,
  type CompatibilityChange,
  type CompatibilityMode,
  type CompatibilityPolicy,
  checkCompatibility,
  compileSchema,
} from '@schemagate/core';
import type { FolderContract } from '@schemagate/schemas-folder';
import type { BaselineSource } from './baseline.ts';

/** One problem (or, for compatible changes, one note) about a contract. */
export interface Finding {
  kind:
    | 'invalid-schema'
    | 'valid-example-rejected'
    | 'invalid-example-accepted'
    | 'incompatible'
    | 'change'
    | 'warning';
  /** File the finding is about, as given on the command line. */
  file: string;
  /** JSON Pointer into `file`, when the finding is about one place in it. */
  pointer?: string;
  message: string;
  change?: CompatibilityChange;
}

/** The outcome for one contract. */
export interface ContractResult {
  registry: string;
  name: string;
  file: string;
  mode: CompatibilityMode;
  policy: CompatibilityPolicy;
  /** `new` when the baseline has no such schema, `none` when no baseline was asked for. */
  baseline: 'compared' | 'new' | 'none';
  ok: boolean;
  findings: Finding[];
}

/**
 * Checks every contract of `folder` (as loaded from it by the SDK's `loadSchemaFolder`): the schema is well
 * formed, valid examples pass, invalid ones fail, and the schema is compatible with its baseline under its
 * mode and policy. Findings name files as `folder` joined with their path in it.
 */
export async function checkContracts(
  folder: string,
  contracts: FolderContract[],
  baseline: BaselineSource | undefined,
): Promise<ContractResult[]> {
  const references = contracts.flatMap((contract) => {
    const id = (contract.schema as { $id?: unknown } | null)?.$id;
    return typeof id === 'string' ? [{ uri: id, schema: contract.schema }] : [];
  });
  const results: ContractResult[] = [];
  for (const contract of contracts) {
    const found = await baseline?.(contract);
    const mode = contract.config?.compatibility ?? found?.config.compatibility ?? 'BACKWARD';
    const policy = contract.config?.policy ?? found?.config.policy ?? 'strict';
    const schemaFile = path.join(folder, contract.schemaFile);
    const result: ContractResult = {
      registry: contract.registry,
      name: contract.name,
      file: schemaFile,
      mode,
      policy,
      baseline: baseline === undefined ? 'none' : found === undefined ? 'new' : 'compared',
      ok: true,
      findings: [],
    };
    results.push(result);
    const input = { format: contract.format, schema: contract.schema };
    const analysis = analyzeSchema(input);
    if (!analysis.ok) {
      for (const error of analysis.errors) {
        result.findings.push({
          kind: 'invalid-schema',
          file: schemaFile,
          pointer: error.path,
          message: `${analysis.code}: ${error.message}`,
        });
      }
      result.ok = false;
      continue;
    }
    for (const warning of analysis.analysis.warnings) {
      result.findings.push({ kind: 'warning', file: schemaFile, message: warning });
    }
    const others = references.filter((reference) => reference.schema !== contract.schema);
    let validator: ReturnType<typeof compileSchema>;
    try {
      validator = compileSchema(input, others);
    } catch (error) {
      result.findings.push({
        kind: 'invalid-schema',
        file: schemaFile,
        message: (error as Error).message,
      });
      result.ok = false;
      continue;
    }
    for (const example of contract.examples.valid) {
      const errors = validator.validate(example.event);
      if (errors !== null) {
        const first = errors[0];
        result.findings.push({
          kind: 'valid-example-rejected',
          file: path.join(folder, example.file),
          pointer: first?.path,
          message: `a valid example is rejected: ${errors.map((error) => `${error.path || '/'} ${error.message}`).join('; ')}`,
        });
      }
    }
    for (const example of contract.examples.invalid) {
      if (validator.validate(example.event) === null) {
        result.findings.push({
          kind: 'invalid-example-accepted',
          file: path.join(folder, example.file),
          message: 'an invalid example is accepted',
        });
      }
    }
    if (found !== undefined) {
      const report = checkCompatibility({
        candidate: input,
        previous: [{ version: found.version, input: { format: found.format, schema: found.schema } }],
        mode,
        policy,
        references: others,
      });
      for (const change of report.changes) {
        result.findings.push({
          kind: change.breaking ? 'incompatible' : 'change',
          file: schemaFile,
          pointer: change.path.replace(/^#/, ''),
          message: `${change.type}: ${change.message}`,
          change,
        });
      }
    }
    result.ok = result.findings.every((finding) => finding.kind === 'change' || finding.kind === 'warning');
  }
  return results;
}
