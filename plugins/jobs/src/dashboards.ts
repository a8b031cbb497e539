import type { DashboardContribution } from '@outrider/plugin-api';

const sel = 'job=~"$job",instance=~"$instance"';

/** The "Jobs" row of the Probes & processes dashboard; the scheduler labels its series `job_id`. */
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
            expr: `sum by (job_id, outcome) (rate(outrider_scheduler_runs_total{${sel}}[5m]))`,
            legend: '{{job_id}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Job run duration (p95)',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (job_id, le) (rate(outrider_scheduler_run_duration_seconds_bucket{${sel}}[5m])))`,
            legend: '{{job_id}}',
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
