import type { MixinConfig } from '../config.js';
import { type AlertRuleFile, runbook, series } from './rule-file.js';

export function otlpRules(mixin: MixinConfig): AlertRuleFile {
  const { for: pending, windows } = mixin.alerts;
  const exports = (outcome?: string) =>
    `sum by (job, instance, plugin, signal) (rate(${series(mixin, 'outrider_otlp_export_duration_seconds_count', ...(outcome ? [outcome] : []))}[${windows.exportFailures}]))`;
  const spool = (metric: string) => `max by (job, instance, plugin) (${series(mixin, metric)})`;
  return {
    file: 'otlp.yaml',
    comment: [
      "Alerts on the OTLP pipeline (the otlp plugin's receiver, queue, spool and exporter).",
      'Export requests are counted by outcome (success, retry, failed) in the export duration histogram.',
      "OutriderSpoolFilling divides the spool's bytes by outrider_otlp_spool_max_bytes (its configured bound).",
    ].join('\n'),
    groups: [
      {
        name: 'outrider-otlp',
        rules: [
          {
            alert: 'OutriderExportFailing',
            expr: [
              exports('outcome=~"retry|failed"'),
              `  / ${exports()}`,
              `> ${mixin.thresholds.exportFailureRatio}`,
            ].join('\n'),
            for: pending.exportFailing,
            labels: { severity: 'critical' },
            annotations: {
              summary:
                'OTLP export of {{ $labels.signal }} from {{ $labels.instance }} fails {{ $value | humanizePercentage }} of the time',
              description: 'The exporter cannot deliver to its endpoint; data piles up in the spool.',
              runbook_url: runbook('OutriderExportFailing'),
            },
          },
          {
            alert: 'OutriderSpoolFilling',
            expr: [
              spool('outrider_otlp_spool_bytes'),
              `  / ${spool('outrider_otlp_spool_max_bytes')}`,
              `> ${mixin.thresholds.spoolFillRatio}`,
            ].join('\n'),
            for: pending.spoolFilling,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'OTLP spool on {{ $labels.instance }} is {{ $value | humanizePercentage }} full',
              description: 'When the spool is full the sidecar blocks or drops telemetry, as configured.',
              runbook_url: runbook('OutriderSpoolFilling'),
            },
          },
          {
            alert: 'OutriderTelemetryDropped',
            expr: `sum by (job, instance, plugin, signal, reason) (increase(${series(mixin, 'outrider_otlp_dropped_total')}[${windows.dropped}])) > 0`,
            labels: { severity: 'warning' },
            annotations: {
              summary:
                '{{ $value | humanize }} {{ $labels.signal }} items dropped on {{ $labels.instance }} ({{ $labels.reason }})',
              description: 'Telemetry was lost: refused at intake, or dropped by a full queue or spool.',
              runbook_url: runbook('OutriderTelemetryDropped'),
            },
          },
        ],
      },
    ],
  };
}
