import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import type { MultiplexerStats } from './multiplexer-stats.js';
import { addMetricSource } from './pulled-metrics.js';

interface Source {
  readonly name: string;
  stats(): MultiplexerStats;
}

type CounterField = {
  [K in keyof MultiplexerStats]: MultiplexerStats[K] extends number ? K : never;
}[keyof MultiplexerStats];

const counters: [name: string, help: string, field: CounterField][] = [
  ['outrider_ws_mux_reconnects_total', 'Upstream reconnects after a lost connection.', 'reconnects'],
  ['outrider_ws_mux_messages_received_total', 'Upstream messages received.', 'messagesReceived'],
  ['outrider_ws_mux_messages_routed_total', 'Messages delivered to subscribers.', 'messagesRouted'],
  ['outrider_ws_mux_protocol_errors_total', 'Upstream messages that could not be decoded.', 'protocolErrors'],
  ['outrider_ws_mux_callback_errors_total', 'Subscriber callbacks that threw or rejected.', 'callbackErrors'],
  ['outrider_ws_mux_subscribe_messages_total', 'Subscription messages sent upstream.', 'subscribeMessagesSent'],
  ['outrider_ws_mux_heartbeat_timeouts_total', 'Upstream connections with an unanswered ping.', 'heartbeatTimeouts'],
  ['outrider_ws_mux_clients_finalized_total', 'Clients released by garbage collection.', 'clientsFinalized'],
];

/** Registers the multiplexer metrics (once per registry) and reports `source` through them. */
export function reportMultiplexerMetrics(registry: Registry, source: Source): () => void {
  return addMetricSource(registry, 'ws-mux', source, (sources) => {
    for (const [name, help, field] of counters) {
      counter(registry, {
        name,
        help,
        labelNames: ['mux'],
        collect() {
          this.reset();
          for (const mux of sources) this.inc({ mux: mux.name }, mux.stats()[field]);
        },
      });
    }
    counter(registry, {
      name: 'outrider_ws_mux_messages_dropped_total',
      help: 'Messages dropped: for a key nobody holds (unrouted) or by a full client queue (overflow).',
      labelNames: ['mux', 'reason'],
      collect() {
        this.reset();
        for (const mux of sources) {
          const stats = mux.stats();
          this.inc({ mux: mux.name, reason: 'unrouted' }, stats.droppedUnrouted);
          this.inc({ mux: mux.name, reason: 'overflow' }, stats.droppedOverflow);
        }
      },
    });
    gauge(registry, {
      name: 'outrider_ws_mux_connected',
      help: '1 while the upstream socket is open.',
      labelNames: ['mux'],
      collect() {
        this.reset();
        for (const mux of sources) this.set({ mux: mux.name }, mux.stats().connected ? 1 : 0);
      },
    });
    gauge(registry, {
      name: 'outrider_ws_mux_clients',
      help: 'Multiplexer clients not yet disposed.',
      labelNames: ['mux'],
      collect() {
        this.reset();
        for (const mux of sources) this.set({ mux: mux.name }, mux.stats().clients);
      },
    });
    gauge(registry, {
      name: 'outrider_ws_mux_subscriptions',
      help: 'Keys subscribed upstream, per type.',
      labelNames: ['mux', 'type'],
      collect() {
        this.reset();
        for (const mux of sources) {
          for (const [type, count] of Object.entries(mux.stats().subscriptions))
            this.set({ mux: mux.name, type }, count);
        }
      },
    });
  });
}
