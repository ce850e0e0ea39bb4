import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import type { ContractResult, Finding } from './check-contracts.ts';
import { lineOfPointer } from './json-line-locator.ts';

/** Output formats of `schemagate check`. */
export type ReportFormat = 'text' | 'json' | 'github';

/** Whether text output may use color: a terminal, and neither NO_COLOR nor CI set. */
export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && !env.CI;
}

/** Renders the results in one of the formats. */
export function formatReport(
  results: ContractResult[],
  format: ReportFormat,
  options: { color: boolean; against?: string },
): string {
  if (format === 'json')
    return `${JSON.stringify({ ok: results.every((result) => result.ok), against: options.against ?? null, results }, null, 2)}\n`;
  if (format === 'github') return formatGithub(results);
  return formatText(results, options.color, options.against);
}

function formatText(results: ContractResult[], color: boolean, against: string | undefined): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const result of results) {
    const baseline =
      result.baseline === 'new' ? ' (new schema)' : result.baseline === 'none' ? '' : ` against ${against}`;
    const mark = result.ok ? c.green('✓') : c.red('✗');
    lines.push(
      `${mark} ${c.bold(`${result.registry}/${result.name}`)} ${c.dim(`${result.mode}, ${result.policy}${baseline}`)}`,
    );
    for (const finding of result.findings) {
      if (finding.kind === 'change') {
        lines.push(c.green(`    + ${finding.pointer || '/'}  ${finding.message}`));
      } else if (finding.kind === 'warning') {
        lines.push(c.yellow(`    ! ${finding.message}`));
      } else {
        lines.push(c.red(`    - ${finding.pointer ? `${finding.pointer}  ` : ''}${finding.message}`));
        if (finding.kind !== 'incompatible') lines.push(c.dim(`      in ${finding.file}`));
        if (finding.change?.witness !== undefined) {
          const reader = finding.change.direction === 'forward' ? 'the earlier version' : 'this version';
          lines.push(
            c.dim(`      witness (rejected by ${reader}): `) + JSON.stringify(finding.change.witness),
          );
        }
      }
    }
  }
  const broken = results.filter((result) => !result.ok).length;
  lines.push('');
  lines.push(
    broken === 0
      ? c.green(`${results.length} contract(s) checked, all hold`)
      : c.red(`${broken} of ${results.length} contract(s) broken`),
  );
  return `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const texts = new Map<string, string>();

function lineOf(finding: Finding): number {
  let text = texts.get(finding.file);
  if (text === undefined) {
    try {
      text = readFileSync(finding.file, 'utf8');
    } catch {
      text = '';
    }
    texts.set(finding.file, text);
  }
  return lineOfPointer(text, finding.pointer);
}

function formatGithub(results: ContractResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.kind === 'change') continue;
      const level = finding.kind === 'warning' ? 'warning' : 'error';
      const title = `${result.registry}/${result.name}`;
      let message = finding.message;
      if (finding.change?.witness !== undefined)
        message += `\nwitness: ${JSON.stringify(finding.change.witness)}`;
      lines.push(
        `::${level} file=${escapeProperty(finding.file)},line=${lineOf(finding)},title=${escapeProperty(title)}::${escapeData(message)}`,
      );
    }
  }
  const broken = results.filter((result) => !result.ok).length;
  lines.push(
    broken === 0
      ? `${results.length} contract(s) checked, all hold`
      : `${broken} of ${results.length} contract(s) broken`,
  );
  return `${lines.join('\n')}\n`;
}
