import { counter, gauge, histogram } from '@outrider/metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FAILURE_REASONS, PROBE_PHASES, type ProbeResult } from './probe.js';

/** Seconds; from a loopback round trip (sub-ms) to a slow remote endpoint near its timeout. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The `outrider_probe_*` series of one plugin instance, labelled `plugin` and `target`. The metrics
 * are got-or-created, so several http-probe instances share them in one registry.
 */
export class ProbeMetrics {
  readonly #success: Gauge<'plugin' | 'target'>;
  readonly #duration: Histogram<'plugin' | 'target' | 'phase'>;
  readonly #status: Gauge<'plugin' | 'target'>;
  readonly #lastSuccess: Gauge<'plugin' | 'target'>;
  readonly #failures: Counter<'plugin' | 'target' | 'reason'>;

  constructor(
    registry: Registry,
    private readonly plugin: string,
  ) {
    this.#success = gauge(registry, {
      name: 'outrider_probe_success',
      help: '1 if the last probe of the target succeeded, else 0.',
      labelNames: ['plugin', 'target'],
    });
    this.#duration = histogram(registry, {
      name: 'outrider_probe_duration_seconds',
      help: 'Probe time by phase: dns, connect, tls, first_byte (request ready → response headers), transfer, total.',
      labelNames: ['plugin', 'target', 'phase'],
      buckets: DURATION_BUCKETS,
    });
    this.#status = gauge(registry, {
      name: 'outrider_probe_status_code',
      help: 'HTTP status of the last probe; 0 when no response arrived.',
      labelNames: ['plugin', 'target'],
    });
    this.#lastSuccess = gauge(registry, {
      name: 'outrider_probe_last_success_timestamp_seconds',
      help: 'When the target last passed its probe (seconds since the epoch).',
      labelNames: ['plugin', 'target'],
    });
    this.#failures = counter(registry, {
      name: 'outrider_probe_failures_total',
      help: 'Failed probes, by reason: dns, connect, tls, timeout, reset, status, body.',
      labelNames: ['plugin', 'target', 'reason'],
    });
  }

  /** Starts the target's failure counters at 0, so `increase()` sees the first failure. */
  track(target: string): void {
    for (const reason of FAILURE_REASONS) this.#failures.inc({ plugin: this.plugin, target, reason }, 0);
  }

  record(target: string, result: ProbeResult, nowMs: number): void {
    const labels = { plugin: this.plugin, target };
    this.#success.set(labels, result.success ? 1 : 0);
    this.#status.set(labels, result.status ?? 0);
    for (const phase of PROBE_PHASES) {
      const seconds = result.phases[phase];
      if (seconds !== undefined) this.#duration.observe({ ...labels, phase }, seconds);
    }
    if (result.success) this.#lastSuccess.set(labels, nowMs / 1000);
    else if (result.reason !== undefined && result.reason !== 'aborted') {
      this.#failures.inc({ ...labels, reason: result.reason });
    }
  }

  /** Drops every series of the target (removed from config, or the plugin stopped). */
  forget(target: string): void {
    const labels = { plugin: this.plugin, target };
    this.#success.remove(labels);
    this.#status.remove(labels);
    this.#lastSuccess.remove(labels);
    for (const phase of PROBE_PHASES) this.#duration.remove({ ...labels, phase });
    for (const reason of FAILURE_REASONS) this.#failures.remove({ ...labels, reason });
  }
}
