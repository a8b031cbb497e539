import type { DashboardContribution } from '@outrider/plugin-api';

/** A contribution shaped like a plugin manifest's `dashboards` field. */
export const probeContribution: DashboardContribution = {
  dashboard: 'outrider-probes',
  row: 'HTTP probes',
  panels: [
    {
      title: 'Probe success',
      kind: 'stat',
      unit: 'percentunit',
      queries: [
        { expr: 'avg by (target) (outrider_probe_success{job=~"$job",instance=~"$instance"})', legend: '{{target}}' },
      ],
    },
    {
      title: 'Probe duration',
      description: 'Total probe time.',
      kind: 'timeseries',
      unit: 's',
      queries: [{ expr: 'outrider_probe_duration_seconds_sum{job=~"$job",instance=~"$instance"}' }],
    },
  ],
};
