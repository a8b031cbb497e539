import type { MixinConfig } from '../config.js';
import { type AlertRuleFile, runbook, series, spoken } from './rule-file.js';

export function sidecarRules(mixin: MixinConfig): AlertRuleFile {
  const { for: pending, windows, sidecarSelector } = mixin.alerts;
  return {
    file: 'sidecar.yaml',
    comment: [
      'Alerts on the sidecar itself. Thresholds and windows are explained in docs/runbooks.md.',
      `A target is a sidecar if its job matches ${sidecarSelector} or it exposed outrider_build_info in the last hour.`,
    ].join('\n'),
    groups: [
      {
        name: 'outrider-sidecar',
        rules: [
          {
            alert: 'OutriderSidecarDown',
            expr: [
              `${series(mixin, 'up', sidecarSelector)} == 0`,
              `or (${series(mixin, 'up')} == 0 and on (job, instance) max_over_time(${series(mixin, 'outrider_build_info')}[1h]) == 1)`,
            ].join('\n'),
            for: pending.sidecarDown,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Outrider sidecar {{ $labels.instance }} ({{ $labels.job }}) is down',
              description: `Prometheus could not scrape the sidecar for ${spoken(pending.sidecarDown)}: no metrics, no OTLP intake, no probes.`,
              runbook_url: runbook('OutriderSidecarDown'),
            },
          },
          {
            alert: 'OutriderPluginFailed',
            expr: `max by (job, instance, plugin) (${series(mixin, 'outrider_plugin_state', 'state=~"failed|blocked"')}) == 1`,
            for: pending.pluginFailed,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Plugin {{ $labels.plugin }} on {{ $labels.instance }} is failed or blocked',
              description: 'The plugin exhausted its restart policy, or waits on a dependency that did.',
              runbook_url: runbook('OutriderPluginFailed'),
            },
          },
          {
            alert: 'OutriderPluginRestarting',
            expr: `increase(${series(mixin, 'outrider_plugin_restarts_total')}[${windows.restarts}]) > ${mixin.thresholds.restarts}`,
            labels: { severity: 'warning' },
            annotations: {
              summary: `Plugin {{ $labels.plugin }} on {{ $labels.instance }} restarted {{ $value | humanize }} times in ${windows.restarts}`,
              description: 'The sidecar keeps restarting the plugin after failures.',
              runbook_url: runbook('OutriderPluginRestarting'),
            },
          },
          {
            alert: 'OutriderConfigReloadFailing',
            expr: `increase(${series(mixin, 'outrider_config_reloads_total', 'result="failure"')}[${windows.configReloads}]) > 0`,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Config reload failed on {{ $labels.instance }}',
              description: 'The sidecar kept its previous config; the new one did not validate.',
              runbook_url: runbook('OutriderConfigReloadFailing'),
            },
          },
        ],
      },
    ],
  };
}
