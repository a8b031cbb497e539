import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertRulesYaml, buildAlertRules } from '../src/index.js';

const run = promisify(execFile);
const alertsDir = join(import.meta.dirname, '../alerts');
const testsDir = join(alertsDir, 'tests');
const runbooks = join(import.meta.dirname, '../../docs/runbooks.md');

interface RuleFile {
  groups: Array<{ rules: Array<{ alert?: string; annotations?: Record<string, string> }> }>;
}

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.yaml')).map((name) => join(dir, name));
}

async function alerts(): Promise<Array<{ alert: string; annotations: Record<string, string> }>> {
  const out = [];
  for (const file of await yamlFiles(alertsDir)) {
    const rules = parse(await readFile(file, 'utf8')) as RuleFile;
    for (const group of rules.groups) {
      for (const rule of group.rules) {
        if (rule.alert !== undefined) out.push({ alert: rule.alert, annotations: rule.annotations ?? {} });
      }
    }
  }
  return out;
}

describe('alert rules', () => {
  it('are the files the config produces: alerts/*.yaml is generated from src/config.ts, never edited', async () => {
    const files = buildAlertRules();
    expect((await yamlFiles(alertsDir)).sort()).toEqual(files.map(({ file }) => join(alertsDir, file)).sort());
    for (const file of files) {
      expect(
        await readFile(join(alertsDir, file.file), 'utf8'),
        `alerts/${file.file} differs from what src/config.ts produces: run npm run alerts -w @outrider/dashboards`,
      ).toBe(alertRulesYaml(file));
    }
  });

  it('pass promtool check rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', ...(await yamlFiles(alertsDir))]);
    expect(stdout).toContain('SUCCESS');
    expect(stdout).not.toContain('FAILED');
  });

  it('pass their promtool unit tests: each alert fires on a bad series and stays quiet on a good one', async () => {
    const files = await yamlFiles(testsDir);
    const { stdout } = await run('promtool', ['test', 'rules', ...files], { cwd: testsDir });
    expect(stdout).not.toContain('FAILED');
    expect(stdout.match(/SUCCESS/g)).toHaveLength(files.length);
  });

  it('have a unit test for every alert', async () => {
    const tested = new Set<string>();
    for (const file of await yamlFiles(testsDir)) {
      const suite = parse(await readFile(file, 'utf8')) as {
        tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
      };
      for (const test of suite.tests) {
        for (const check of test.alert_rule_test) if (check.exp_alerts.length > 0) tested.add(check.alertname);
      }
    }
    expect((await alerts()).map(({ alert }) => alert).filter((alert) => !tested.has(alert))).toEqual([]);
  });

  it('point their runbook_url at a section of docs/runbooks.md', async () => {
    const headings = new Set(
      (await readFile(runbooks, 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('## '))
        .map((line) => line.slice(3).trim().toLowerCase()),
    );
    for (const { alert, annotations } of await alerts()) {
      expect(annotations.runbook_url, alert).toBe(`docs/runbooks.md#${alert.toLowerCase()}`);
      expect(headings.has(alert.toLowerCase()), `runbook section for ${alert}`).toBe(true);
    }
  });

  it('cover every failure the sidecar can report: sidecar down, plugin failed, export failing, spool filling, drops, probe failing, process restarting, job failing, scheduler lagging', async () => {
    const names = (await alerts()).map(({ alert }) => alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'OutriderSidecarDown',
        'OutriderPluginFailed',
        'OutriderExportFailing',
        'OutriderSpoolFilling',
        'OutriderTelemetryDropped',
        'OutriderProbeFailing',
        'OutriderProcessRestarting',
        'OutriderSchedulerJobFailing',
        'OutriderSchedulerLagging',
      ]),
    );
  });
});
