import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSchemaFolder } from '@schemagate/schemas-folder';

/** One request body a load test sends, ready to write. */
export interface LoadEvent {
  /** The file it came from, for a message about it. */
  file: string;
  body: Buffer;
}

const bodyOf = (event: unknown, target: { registry?: string; schema?: string } = {}) =>
  Buffer.from(JSON.stringify({ event, ...target }));

async function readEventFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * The events of `--events`: a `schemas/` folder gives each contract's valid examples, sent with their registry and
 * schema named; another folder gives its `*.json` files and a file itself, each one event routed by its envelope.
 */
export async function loadEvents(path: string): Promise<LoadEvent[]> {
  const info = await stat(path).catch(() => {
    throw new Error(`--events: no such file or folder: ${path}`);
  });
  const events: LoadEvent[] = [];
  if (info.isDirectory()) {
    for (const contract of await loadSchemaFolder(path)) {
      for (const example of contract.examples.valid) {
        events.push({
          file: join(path, example.file),
          body: bodyOf(example.event, { registry: contract.registry, schema: contract.name }),
        });
      }
    }
    if (events.length === 0) {
      const files = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
      for (const name of files) {
        const file = join(path, name);
        events.push({ file, body: bodyOf(await readEventFile(file)) });
      }
    }
  } else {
    events.push({ file: path, body: bodyOf(await readEventFile(path)) });
  }
  if (events.length === 0) {
    throw new Error(
      `--events: ${path} holds no valid examples (schemas/<registry>/<name>/examples/valid) and no .json files`,
    );
  }
  return events;
}
