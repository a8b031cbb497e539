import type { MixinConfig } from '../config.js';
import { type AlertRuleFile, percent, runbook, series, spoken } from './rule-file.js';

export function schedulerRules(mixin: MixinConfig): AlertRuleFile {
  const { for: pending, windows } = mixin.alerts;
  const { jobFailureRatio, schedulerLagSeconds } = mixin.thresholds;
  const runs = (outcome?: string) =>
    `sum by (job, instance, job_id) (increase(${series(mixin, 'outrider_scheduler_runs_total', ...(outcome ? [outcome] : []))}[${windows.jobFailures}]))`;
  return {
    file: 'scheduler.yaml',
    comment: [
      'Alerts on scheduled jobs (the jobs plugin and any service using @outrider/scheduler). The',
      'scheduler labels runs with `job`; Prometheus renames that to `job_id`.',
    ].join('\n'),
    groups: [
      {
        name: 'outrider-scheduler',
        rules: [
          {
            alert: 'OutriderSchedulerJobFailing',
            expr: [runs('outcome=~"failure|timeout"'), `  / ${runs()}`, `> ${jobFailureRatio}`].join('\n'),
            for: pending.schedulerJobFailing,
            labels: { severity: 'warning' },
            annotations: {
              summary:
                'Job {{ $labels.job_id }} on {{ $labels.instance }} fails {{ $value | humanizePercentage }} of its runs',
              description: `More than ${percent(jobFailureRatio)} of the runs of the job in the last ${spoken(windows.jobFailures)} failed or timed out.`,
              runbook_url: runbook('OutriderSchedulerJobFailing'),
            },
          },
          {
            // The same threshold as the "Scheduler lag p99" panel of the SDK dashboard.
            alert: 'OutriderSchedulerLagging',
            expr: `histogram_quantile(0.99, sum by (le, job, instance) (rate(${series(mixin, 'outrider_scheduler_lag_seconds_bucket')}[${windows.schedulerLag}]))) > ${schedulerLagSeconds}`,
            for: pending.schedulerLagging,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Scheduler on {{ $labels.instance }} starts runs {{ $value | humanizeDuration }} late (p99)',
              description: `Runs start more than ${schedulerLagSeconds} s after they were due: the event loop or the job pool is saturated.`,
              runbook_url: runbook('OutriderSchedulerLagging'),
            },
          },
        ],
      },
    ],
  };
}
