import type { DashboardContribution } from '@outrider/plugin-api';

const SELECTOR = 'job=~"$job",instance=~"$instance"';

/** The "WebSocket upstreams" row of the `outrider-probes` dashboard. */
export const upstreamDashboards: readonly DashboardContribution[] = [
  {
    dashboard: 'outrider-probes',
    row: 'WebSocket upstreams',
    panels: [
      {
        title: 'Upstream connected',
        kind: 'stat',
        queries: [{ expr: `outrider_ws_upstream_up{${SELECTOR}}`, legend: '{{upstream}}' }],
      },
      {
        title: 'Messages received',
        description: 'Rooms are `<plugin instance>/<upstream>`.',
        kind: 'timeseries',
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (room) (rate(outrider_ws_messages_total{${SELECTOR},direction="in"}[5m]))`,
            legend: '{{room}}',
          },
        ],
      },
      {
        title: 'Time since last message',
        kind: 'timeseries',
        unit: 's',
        queries: [{ expr: `outrider_ws_upstream_last_message_age_seconds{${SELECTOR}}`, legend: '{{upstream}}' }],
      },
      {
        title: 'Ping round trip (p95)',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (upstream, le) (rate(outrider_ws_upstream_ping_rtt_seconds_bucket{${SELECTOR}}[5m])))`,
            legend: '{{upstream}}',
          },
        ],
      },
      {
        title: 'Reconnects',
        kind: 'timeseries',
        unit: 'short',
        queries: [
          {
            expr: `sum by (upstream) (increase(outrider_ws_upstream_reconnects_total{${SELECTOR}}[5m]))`,
            legend: '{{upstream}}',
          },
        ],
      },
    ],
  },
];
