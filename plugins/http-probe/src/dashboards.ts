import type { DashboardContribution } from '@outrider/plugin-api';

const SELECTOR = 'job=~"$job",instance=~"$instance"';

/** The "Probes" row of the `outrider-probes` dashboard. */
export const probeDashboards: readonly DashboardContribution[] = [
  {
    dashboard: 'outrider-probes',
    row: 'Probes',
    panels: [
      {
        title: 'Probe success',
        description: '1 when the last probe of the target passed (status, body, within its timeout).',
        kind: 'stat',
        queries: [{ expr: `outrider_probe_success{${SELECTOR}}`, legend: '{{target}}' }],
      },
      {
        title: 'Probe duration by phase (p95)',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (target, phase, le) (rate(outrider_probe_duration_seconds_bucket{${SELECTOR}}[5m])))`,
            legend: '{{target}} {{phase}}',
          },
        ],
      },
      {
        title: 'Probe failures by reason',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          {
            expr: `sum by (target, reason) (increase(outrider_probe_failures_total{${SELECTOR}}[5m]))`,
            legend: '{{target}} {{reason}}',
          },
        ],
      },
      {
        title: 'Last HTTP status',
        kind: 'table',
        queries: [{ expr: `outrider_probe_status_code{${SELECTOR}}`, legend: '{{target}}' }],
      },
      {
        title: 'Time since last success',
        kind: 'timeseries',
        unit: 's',
        queries: [
          { expr: `time() - outrider_probe_last_success_timestamp_seconds{${SELECTOR}}`, legend: '{{target}}' },
        ],
      },
    ],
  },
];
