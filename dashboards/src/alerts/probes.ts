import type { MixinConfig } from '../config.js';
import { type AlertRuleFile, runbook, series, spoken } from './rule-file.js';

export function probeRules(mixin: MixinConfig): AlertRuleFile {
  const { for: pending, windows } = mixin.alerts;
  return {
    file: 'probes.yaml',
    comment: 'Alerts from the http-probe and process plugins.',
    groups: [
      {
        name: 'outrider-probes',
        rules: [
          {
            alert: 'OutriderProbeFailing',
            expr: `max by (job, instance, plugin, target) (${series(mixin, 'outrider_probe_success')}) == 0`,
            for: pending.probeFailing,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Probe {{ $labels.plugin }} of {{ $labels.target }} is failing',
              description: `Every probe of the target failed for ${spoken(pending.probeFailing)}.`,
              runbook_url: runbook('OutriderProbeFailing'),
            },
          },
          {
            alert: 'OutriderProcessDown',
            expr: `max by (job, instance, plugin) (${series(mixin, 'outrider_process_up')}) == 0`,
            for: pending.processDown,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Process {{ $labels.plugin }} on {{ $labels.instance }} is not running',
              description: `The watched or supervised process has been gone for ${spoken(pending.processDown)}.`,
              runbook_url: runbook('OutriderProcessDown'),
            },
          },
          {
            alert: 'OutriderProcessRestarting',
            expr: `increase(${series(mixin, 'outrider_process_restarts_total')}[${windows.restarts}]) > ${mixin.thresholds.restarts}`,
            labels: { severity: 'warning' },
            annotations: {
              summary: `Process {{ $labels.plugin }} on {{ $labels.instance }} restarted {{ $value | humanize }} times in ${windows.restarts}`,
              description: 'The supervised process keeps exiting and being restarted.',
              runbook_url: runbook('OutriderProcessRestarting'),
            },
          },
        ],
      },
    ],
  };
}
