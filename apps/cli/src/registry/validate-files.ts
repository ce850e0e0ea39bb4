import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import type { SchemagateClient, ValidateResult } from '@schemagate/sdk';

/** The verdict on one event file. */
export interface FileVerdict extends ValidateResult {
  file: string;
}

export interface ValidateFilesOptions {
  registry?: string;
  schema?: string;
  /** Events per `POST /v1/validate/batch` request. */
  batchSize?: number;
  onStep?: (file: string) => void;
}

/**
 * Validates event files through the registry, in batches, answering one verdict per file in the order given. A
 * file that is not JSON is invalid without asking the registry; a file that cannot be read is a usage error and
 * throws before anything is sent.
 */
export async function validateFiles(
  client: SchemagateClient,
  files: readonly string[],
  options: ValidateFilesOptions = {},
): Promise<FileVerdict[]> {
  const batchSize = options.batchSize ?? 100;
  await Promise.all(
    files.map((file) =>
      access(file, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${file} (${error.code ?? error.message})`);
      }),
    ),
  );
  const verdicts: FileVerdict[] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    const chunk = files.slice(start, start + batchSize);
    const parsed = await Promise.all(chunk.map(readEvent));
    const readable = parsed.filter((p): p is { file: string; event: unknown } => !('error' in p));
    const answers = readable.length
      ? (
          await client.validateBatch({
            events: readable.map((p) => p.event),
            ...(options.registry ? { registry: options.registry } : {}),
            ...(options.schema ? { schema: options.schema } : {}),
          })
        ).results
      : [];
    let next = 0;
    for (const entry of parsed) {
      options.onStep?.(entry.file);
      if ('error' in entry) {
        verdicts.push({
          file: entry.file,
          valid: false,
          registry: null,
          schema: null,
          version: null,
          errors: [{ path: '', keyword: 'json', message: entry.error, schemaPath: '' }],
        });
        continue;
      }
      const answer = answers[next++];
      if (!answer)
        throw new Error(`the registry answered ${answers.length} results for ${readable.length} events`);
      verdicts.push({ file: entry.file, ...answer });
    }
  }
  return verdicts;
}

async function readEvent(
  file: string,
): Promise<{ file: string; event: unknown } | { file: string; error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      file,
      error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  }
  try {
    return { file, event: JSON.parse(text) as unknown };
  } catch (error) {
    return { file, error: `not JSON: ${(error as Error).message}` };
  }
}
