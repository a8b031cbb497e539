import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { orZero, rate, sel } from '../lib/query.js';

const connections = () =>
  panel({
    title: 'WebSocket connections',
    kind: 'timeseries',
    queries: [{ expr: `sum by (instance, room) (outrider_ws_connections${sel()})`, legend: '{{instance}} {{room}}' }],
  });

const messages = () =>
  panel({
    title: 'WebSocket messages',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      { expr: `sum by (room, direction) (${rate('outrider_ws_messages_total')})`, legend: '{{room}} {{direction}}' },
    ],
  });

const upstream = () =>
  panel({
    title: 'Upstream connected',
    description: '1 while the multiplexer holds its upstream socket open.',
    kind: 'timeseries',
    min: 0,
    max: 1,
    queries: [{ expr: `max by (instance, mux) (outrider_ws_mux_connected${sel()})`, legend: '{{instance}} {{mux}}' }],
  });

const reconnects = () =>
  panel({
    title: 'Upstream reconnects and drops',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      { expr: `sum by (mux) (${rate('outrider_ws_mux_reconnects_total')})`, legend: '{{mux}} reconnects' },
      {
        expr: `sum by (mux, reason) (${rate('outrider_ws_mux_messages_dropped_total')})`,
        legend: '{{mux}} dropped {{reason}}',
      },
    ],
  });

const subscriptions = () =>
  panel({
    title: 'Upstream subscriptions',
    kind: 'timeseries',
    queries: [
      { expr: `sum by (mux, type) (outrider_ws_mux_subscriptions${sel()})`, legend: '{{mux}} {{type}}' },
      { expr: `sum by (mux) (outrider_ws_mux_clients${sel()})`, legend: '{{mux}} clients' },
    ],
  });

const errors = () =>
  panel({
    title: 'WebSocket errors',
    description: 'Socket errors and peers dropped for not answering a ping.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(
          `sum by (room) (${rate('outrider_ws_errors_total')}) + sum by (room) (${rate('outrider_ws_dead_peers_total')})`,
          `sum by (room) (outrider_ws_connections${sel()})`,
        ),
        legend: '{{room}}',
      },
    ],
  });

/** @outrider/ws: monitor rooms and the subscription multiplexer's upstream. */
export function websocketRow(): Row {
  return {
    title: 'WebSockets',
    panels: [connections(), messages(), upstream(), reconnects(), subscriptions(), errors()],
  };
}
