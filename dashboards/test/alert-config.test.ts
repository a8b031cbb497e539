import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AlertRule,
  alertRulesYaml,
  buildAlertRules,
  buildDashboards,
  config,
  type MixinConfig,
} from '../src/index.js';

const run = promisify(execFile);

type AnyPanel = {
  title: string;
  fieldConfig?: { defaults?: { thresholds?: { steps: Array<{ value: number | null }> } } };
};

function rule(mixin: MixinConfig, alert: string): AlertRule {
  const found = buildAlertRules(mixin)
    .flatMap((file) => file.groups.flatMap((group) => group.rules))
    .find((r) => r.alert === alert);
  if (!found) throw new Error(`no rule ${alert}`);
  return found;
}

function panelThresholds(mixin: MixinConfig, uid: string, title: string): Array<number | null> {
  const dashboard = buildDashboards([], mixin).find((d) => d.uid === uid);
  const panel = (dashboard?.panels as AnyPanel[] | undefined)?.find((p) => p.title === title);
  return panel?.fieldConfig?.defaults?.thresholds?.steps.map((step) => step.value) ?? [];
}

describe('alert rules from the config', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('fire at the threshold the panel draws: changing it in the config moves both', () => {
    expect(rule(config, 'OutriderSchedulerLagging').expr).toMatch(/\) > 1$/);
    expect(panelThresholds(config, 'outrider-sdk', 'Scheduler lag p99')).toEqual([null, 1]);

    const tuned: MixinConfig = { ...config, thresholds: { ...config.thresholds, schedulerLagSeconds: 2.5 } };
    const lagging = rule(tuned, 'OutriderSchedulerLagging');
    expect(lagging.expr).toMatch(/\) > 2\.5$/);
    expect(lagging.annotations.description).toContain('more than 2.5 s');
    expect(panelThresholds(tuned, 'outrider-sdk', 'Scheduler lag p99')).toEqual([null, 2.5]);
  });

  it('take their selector, windows and for: durations from the config, and promtool accepts the result', async () => {
    const tuned: MixinConfig = {
      thresholds: { ...config.thresholds, restarts: 5, spoolFillRatio: 0.9 },
      alerts: {
        ...config.alerts,
        selector: 'cluster="prod"',
        sidecarSelector: 'job="sidecars"',
        for: { ...config.alerts.for, probeFailing: '7m' },
        windows: { ...config.alerts.windows, restarts: '1h' },
      },
    };
    expect(rule(tuned, 'OutriderSidecarDown').expr).toContain('up{cluster="prod",job="sidecars"} == 0');
    expect(rule(tuned, 'OutriderPluginRestarting').expr).toBe(
      'increase(outrider_plugin_restarts_total{cluster="prod"}[1h]) > 5',
    );
    expect(rule(tuned, 'OutriderSpoolFilling').expr).toMatch(/> 0\.9$/);
    const probe = rule(tuned, 'OutriderProbeFailing');
    expect(probe.for).toBe('7m');
    expect(probe.annotations.description).toContain('for 7 minutes');

    dir = await mkdtemp(join(tmpdir(), 'outrider-alerts-'));
    const paths = [];
    for (const file of buildAlertRules(tuned)) {
      const path = join(dir, file.file);
      await writeFile(path, alertRulesYaml(file));
      paths.push(path);
    }
    const { stdout } = await run('promtool', ['check', 'rules', ...paths]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(paths.length);
  });

  it('refuses a config Prometheus would not load, naming every bad key', () => {
    const bad = {
      thresholds: { ...config.thresholds, restarts: Number.NaN },
      alerts: { ...config.alerts, for: { ...config.alerts.for, sidecarDown: '2 minutes' } },
    };
    expect(() => buildAlertRules(bad)).toThrow(
      expect.objectContaining({
        code: 'OUTRIDER_INVALID_ARGUMENT',
        message: expect.stringMatching(
          /thresholds\.restarts: expected a finite number, found NaN.*alerts\.for\.sidecarDown: expected a Prometheus duration such as 5m, found "2 minutes"/,
        ),
      }),
    );
  });
});
