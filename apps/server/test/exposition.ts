/** One sample of a scrape: the series' name, its labels, its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Declared metric families, by name: their `# TYPE` (and whether a `# HELP` came with it). */
  families: Map<string, { type: string; help: boolean }>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Reads Prometheus' text format, strictly enough to fail a test on a line it does not expect: every sample parses,
 * belongs to a family with a `# TYPE` and a `# HELP`, and no series is listed twice. promtool checks more; this
 * runs where promtool is not installed, and gives the dashboard test the names a scrape holds.
 */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, { type: string; help: boolean }>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      helps.add(line.split(' ')[2]!);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      families.set(name!, { type: type!, help: helps.has(name!) });
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const [, name, labelText = '', valueText] = match;
    const labels: Record<string, string> = {};
    for (const [, label, value] of labelText.matchAll(LABEL)) labels[label!] = value!;
    // Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes `Nan`)
    const value = /^[+-]?inf$/i.test(valueText!)
      ? Number(`${valueText!.replace(/inf/i, '')}1`) * Infinity
      : Number(valueText);
    if (Number.isNaN(value) && !/^nan$/i.test(valueText!)) throw new Error(`Not a number: ${line}`);
    if (!familyOf(name!, families)) throw new Error(`A sample of no declared family: ${line}`);
    const key = `${name}{${labelText}}`;
    if (seen.has(key)) throw new Error(`A series listed twice: ${key}`);
    seen.add(key);
    samples.push({ name: name!, labels, value });
  }
  for (const [name, family] of families) {
    if (!family.help) throw new Error(`${name} has no # HELP`);
  }
  return { families, samples };
}

/** The family a sample belongs to: its own name, or a histogram's or summary's without `_bucket`, `_sum`, `_count`. */
export function familyOf(sample: string, families: Map<string, { type: string }>): string | undefined {
  if (families.has(sample)) return sample;
  const base = sample.replace(/_(bucket|sum|count)$/, '');
  const type = families.get(base)?.type;
  return type === 'histogram' || type === 'summary' ? base : undefined;
}
