import type { DashboardContribution } from '@outrider/core';

const sel = 'job=~"$job",instance=~"$instance"';

/**
 * The "Jobs" row of the Probes & processes dashboard. The scheduler labels its series with the job
 * id as `job`, which Prometheus keeps as `exported_job` next to its own scrape `job` label.
 */
export const jobsDashboards: readonly DashboardContribution[] = [
  {
    dashboard: 'outrider-probes',
    row: 'Jobs',
    panels: [
      {
        title: 'Job runs by outcome',
        kind: 'timeseries',
        unit: 'ops',
        queries: [
          {
            expr: `sum by (exported_job, outcome) (rate(outrider_scheduler_runs_total{${sel}}[5m]))`,
            legend: '{{exported_job}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Job run duration (p95)',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (exported_job, le) (rate(outrider_scheduler_run_duration_seconds_bucket{${sel}}[5m])))`,
            legend: '{{exported_job}}',
          },
        ],
      },
      {
        title: 'Last run succeeded',
        kind: 'stat',
        queries: [{ expr: `outrider_job_last_run_success{${sel}}`, legend: '{{plugin}}.{{name}}' }],
      },
      {
        title: 'Time since last success',
        kind: 'table',
        unit: 's',
        queries: [
          { expr: `time() - outrider_job_last_success_timestamp_seconds{${sel}}`, legend: '{{plugin}}.{{name}}' },
        ],
      },
      {
        title: 'Last exit code / HTTP status',
        kind: 'table',
        queries: [
          { expr: `outrider_job_last_exit_code{${sel}}`, legend: '{{plugin}}.{{name}} exit' },
          { expr: `outrider_job_last_http_status{${sel}}`, legend: '{{plugin}}.{{name}} status' },
        ],
      },
    ],
  },
];
