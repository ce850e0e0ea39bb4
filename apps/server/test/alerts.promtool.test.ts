/**
 * The alert rules in deploy/prometheus: every alert has a `for:`, a severity and both annotations, and a unit test
 * in alerts.test.yml where it fires and where it does not; promtool checks the rules and runs those tests.
 */

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { havePromtool, promtool } from './promtool.ts';

const folder = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/prometheus');
const rulesFile = join(folder, 'alerts.yml');
const testsFile = join(folder, 'alerts.test.yml');

/** Each `- alert:` entry of the rules file and the lines up to the next one, by alert name. */
function alertBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of text.split(/^\s+- alert: /m).slice(1)) {
    const name = block.slice(0, block.indexOf('\n')).trim();
    blocks.set(name, block);
  }
  return blocks;
}

describe('deploy/prometheus alert rules', () => {
  const rules = alertBlocks(readFileSync(rulesFile, 'utf8'));
  const tests = readFileSync(testsFile, 'utf8');

  it('alert on errors, throttles, p99 latency, outbox age, dead letters and event-loop lag, each with for, severity and annotations', () => {
    expect([...rules.keys()].sort()).toEqual([
      'SchemagateDeadLettersGrowing',
      'SchemagateEventLoopLag',
      'SchemagateHighErrorRate',
      'SchemagateHighLatency',
      'SchemagateOutboxBacklog',
      'SchemagateThrottling',
    ]);
    const signals: Record<string, string> = {
      SchemagateHighErrorRate: 'schemagate_http_requests_total{status=~"5.."}',
      SchemagateThrottling: 'schemagate_throttled_requests_total',
      SchemagateHighLatency: 'histogram_quantile(0.99',
      SchemagateOutboxBacklog: 'schemagate_outbox_oldest_age_seconds',
      SchemagateDeadLettersGrowing: 'schemagate_dead_letters',
      SchemagateEventLoopLag: 'nodejs_eventloop_lag_seconds',
    };
    for (const [name, block] of rules) {
      expect(block, name).toContain(signals[name]);
      expect(block, name).toMatch(/^\s+for: \d+m$/m);
      expect(block, name).toMatch(/^\s+severity: (critical|warning)$/m);
      expect(block, name).toMatch(/^\s+summary: \S/m);
      expect(block, name).toMatch(/^\s+description: \S/m);
    }
  });

  it('has a unit test for every alert where it fires and one where it does not', () => {
    for (const name of rules.keys()) {
      const cases = tests.split(/^\s+- eval_time: /m).filter((c) => c.includes(`alertname: ${name}\n`));
      expect(
        cases.some((c) => /exp_alerts: \[\]/.test(c)),
        `${name} never expected silent`,
      ).toBe(true);
      expect(
        cases.some((c) => /exp_labels:/.test(c)),
        `${name} never expected firing`,
      ).toBe(true);
    }
    // the silent deployment ("good") is fed in every test group beside the firing one ("bad")
    for (const group of tests.split(/^\s+- name: /m).slice(1)) {
      expect(group).toContain('job="good"');
      expect(group).toContain('job="bad"');
      expect(group).not.toMatch(/job: good/);
    }
  });

  it('pass promtool check rules and promtool test rules', () => {
    if (!havePromtool()) {
      // outside CI without promtool the two structural checks above are what runs
      expect(rules.size).toBeGreaterThan(0);
      return;
    }
    const checked = promtool(['check', 'rules', rulesFile]);
    expect(checked.output).toContain(`SUCCESS: ${rules.size} rules found`);
    expect(checked.status).toBe(0);
    const tested = promtool(['test', 'rules', testsFile]);
    expect(tested.output).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });
});
