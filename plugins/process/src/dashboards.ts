import type { DashboardContribution } from '@outrider/plugin-api';

const sel = 'job=~"$job",instance=~"$instance"';

/** The "Processes" row of the Probes & processes dashboard. */
export const processDashboards: readonly DashboardContribution[] = [
  {
    dashboard: 'outrider-probes',
    row: 'Processes',
    panels: [
      {
        title: 'Process up',
        description: '1 while the watched or supervised process runs.',
        kind: 'stat',
        queries: [{ expr: `outrider_process_up{${sel}}`, legend: '{{plugin}}' }],
      },
      {
        title: 'Process CPU',
        description: 'CPU seconds per second (user + system): 1 = one core.',
        kind: 'timeseries',
        unit: 'percentunit',
        queries: [{ expr: `rate(outrider_process_cpu_seconds_total{${sel}}[5m])`, legend: '{{plugin}}' }],
      },
      {
        title: 'Process memory (RSS)',
        kind: 'timeseries',
        unit: 'bytes',
        queries: [{ expr: `outrider_process_resident_memory_bytes{${sel}}`, legend: '{{plugin}}' }],
      },
      {
        title: 'Open fds and threads',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          { expr: `outrider_process_open_fds{${sel}}`, legend: '{{plugin}} fds' },
          { expr: `outrider_process_threads{${sel}}`, legend: '{{plugin}} threads' },
        ],
      },
      {
        title: 'Process restarts (1h)',
        kind: 'timeseries',
        unit: 'short',
        queries: [{ expr: `increase(outrider_process_restarts_total{${sel}}[1h])`, legend: '{{plugin}}' }],
      },
      {
        title: 'Process uptime',
        kind: 'stat',
        unit: 's',
        queries: [{ expr: `outrider_process_uptime_seconds{${sel}}`, legend: '{{plugin}}' }],
      },
    ],
  },
];
