import type { DashboardContribution } from '@outrider/plugin-api';

const sel = 'job=~"$job",instance=~"$instance"';

/** Panels for the `outrider-otlp` dashboard, over the metrics in own-metrics.ts. */
export const otlpDashboards: readonly DashboardContribution[] = [
  {
    dashboard: 'outrider-otlp',
    row: 'Pipeline',
    panels: [
      {
        title: 'Items received, accepted and exported',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          {
            expr: `sum by (signal, outcome) (rate(outrider_otlp_items_total{${sel}}[$__rate_interval]))`,
            legend: '{{signal}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Items refused, failed and dropped',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          {
            expr: `sum by (signal, reason) (rate(outrider_otlp_refused_total{${sel}}[$__rate_interval]))`,
            legend: 'refused {{signal}} {{reason}}',
          },
          {
            expr: `sum by (signal, reason) (rate(outrider_otlp_export_failed_total{${sel}}[$__rate_interval]))`,
            legend: 'failed {{signal}} {{reason}}',
          },
          {
            expr: `sum by (signal, reason) (rate(outrider_otlp_dropped_total{${sel}}[$__rate_interval]))`,
            legend: 'dropped {{signal}} {{reason}}',
          },
        ],
      },
      {
        title: 'Requests by status code',
        kind: 'timeseries',
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (signal, code) (rate(outrider_otlp_requests_total{${sel}}[$__rate_interval]))`,
            legend: '{{signal}} {{code}}',
          },
        ],
      },
    ],
  },
  {
    dashboard: 'outrider-otlp',
    row: 'Queue, spool and export',
    panels: [
      {
        title: 'Queue and spool items',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          { expr: `sum by (signal) (outrider_otlp_queue_items{${sel}})`, legend: 'queue {{signal}}' },
          { expr: `sum by (signal) (outrider_otlp_spool_items{${sel}})`, legend: 'spool {{signal}}' },
        ],
      },
      {
        title: 'Spool size',
        kind: 'timeseries',
        unit: 'bytes',
        queries: [{ expr: `sum by (plugin) (outrider_otlp_spool_bytes{${sel}})`, legend: '{{plugin}}' }],
      },
      {
        title: 'Export latency (p50, p99)',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.5, sum by (le, signal) (rate(outrider_otlp_export_duration_seconds_bucket{${sel}}[$__rate_interval])))`,
            legend: 'p50 {{signal}}',
          },
          {
            expr: `histogram_quantile(0.99, sum by (le, signal) (rate(outrider_otlp_export_duration_seconds_bucket{${sel}}[$__rate_interval])))`,
            legend: 'p99 {{signal}}',
          },
        ],
      },
      {
        title: 'Export retries',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          {
            expr: `sum by (signal) (rate(outrider_otlp_export_retries_total{${sel}}[$__rate_interval]))`,
            legend: '{{signal}}',
          },
        ],
      },
      {
        title: 'OTLP metric series',
        kind: 'stat',
        unit: 'short',
        queries: [{ expr: `sum(outrider_otlp_series{${sel}})`, legend: 'series' }],
      },
    ],
  },
];
