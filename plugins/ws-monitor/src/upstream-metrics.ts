import { counter, gauge, histogram } from '@outrider/metrics';
import type { Counter, Histogram, Registry } from 'prom-client';

/** One upstream as the gauges see it at scrape time. */
export interface UpstreamReading {
  readonly upstream: string;
  readonly up: boolean;
  /** Seconds since the last message (before any on this connection: since it opened, or since watching began). */
  readonly lastMessageAgeSeconds: number;
  /** Reconnect attempts since watching began (the counter's value for this watch). */
  readonly reconnects: number;
}

/** A plugin instance whose upstreams the gauges read when scraped. */
interface Source {
  readonly plugin: string;
  readings(): Iterable<UpstreamReading>;
}

/** Seconds; a loopback pong is sub-millisecond, a far exchange a few hundred ms. */
const RTT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Gauges read at scrape time go through every instance reporting into the registry. */
const sourcesByRegistry = new WeakMap<Registry, Set<Source>>();

/**
 * The `outrider_ws_upstream_*` series of one plugin instance, labelled `plugin` and `upstream`.
 * Messages, bytes and dead peers come from @outrider/ws's WebSocketMonitor (`outrider_ws_*`, by `room`).
 */
export class UpstreamMetrics {
  readonly #reconnects: Counter<'plugin' | 'upstream'>;
  readonly #rtt: Histogram<'plugin' | 'upstream'>;
  readonly #sources: Set<Source>;

  constructor(
    registry: Registry,
    private readonly plugin: string,
  ) {
    let sources = sourcesByRegistry.get(registry);
    if (sources === undefined) {
      sources = new Set();
      sourcesByRegistry.set(registry, sources);
    }
    this.#sources = sources;
    const read = sources;
    // Got or created: the first instance on a registry defines them, and their collect reads every instance.
    const readingGauge = (name: string, help: string, value: (reading: UpstreamReading) => number) =>
      gauge(registry, {
        name,
        help,
        labelNames: ['plugin', 'upstream'],
        collect() {
          this.reset();
          for (const source of read) {
            for (const reading of source.readings()) {
              this.set({ plugin: source.plugin, upstream: reading.upstream }, value(reading));
            }
          }
        },
      });
    readingGauge('outrider_ws_upstream_up', '1 while the upstream WebSocket is connected, else 0.', (r) =>
      r.up ? 1 : 0,
    );
    readingGauge(
      'outrider_ws_upstream_last_message_age_seconds',
      'Seconds since the upstream last sent a message (before any on this connection: since it opened).',
      (r) => r.lastMessageAgeSeconds,
    );
    this.#reconnects = counter(registry, {
      name: 'outrider_ws_upstream_reconnects_total',
      help: 'Reconnect attempts after a lost or failed upstream connection.',
      labelNames: ['plugin', 'upstream'],
    });
    this.#rtt = histogram(registry, {
      name: 'outrider_ws_upstream_ping_rtt_seconds',
      help: 'Ping to pong round trip to the upstream.',
      labelNames: ['plugin', 'upstream'],
      buckets: RTT_BUCKETS,
    });
  }

  /** Reports `readings` until the returned function is called. */
  report(readings: () => Iterable<UpstreamReading>): () => void {
    const source: Source = { plugin: this.plugin, readings };
    this.#sources.add(source);
    return () => this.#sources.delete(source);
  }

  /** Starts the upstream's counter at 0, so `increase()` sees the first reconnect. */
  track(upstream: string): void {
    this.#reconnects.inc({ plugin: this.plugin, upstream }, 0);
  }

  reconnecting(upstream: string): void {
    this.#reconnects.inc({ plugin: this.plugin, upstream });
  }

  pingRoundTrip(upstream: string, seconds: number): void {
    this.#rtt.observe({ plugin: this.plugin, upstream }, seconds);
  }

  forget(upstream: string): void {
    this.#reconnects.remove({ plugin: this.plugin, upstream });
    this.#rtt.remove({ plugin: this.plugin, upstream });
  }
}
