import { counter, gauge } from '@outrider/metrics';
import type { Counter, Gauge, Registry } from 'prom-client';

/** The config manager's own metrics, registered only when a registry is given. */
export class ConfigMetrics {
  readonly #reloads: Counter<'result'>;
  readonly #lastSuccess: Gauge;
  readonly #restartPending: Gauge;

  constructor(registry: Registry) {
    this.#reloads = counter(registry, {
      name: 'outrider_config_reloads_total',
      help: 'Config reloads, by result (success, failure).',
      labelNames: ['result'],
    });
    this.#lastSuccess = gauge(registry, {
      name: 'outrider_config_last_reload_success_timestamp_seconds',
      help: 'When the config was last loaded or reloaded successfully, in Unix seconds.',
    });
    this.#restartPending = gauge(registry, {
      name: 'outrider_config_restart_pending',
      help: 'Changed keys that only take effect after a restart (0 when none).',
    });
  }

  loaded(nowMs: number, restartPending: number): void {
    this.#lastSuccess.set(nowMs / 1000);
    this.#restartPending.set(restartPending);
  }

  reloaded(result: 'success' | 'failure'): void {
    this.#reloads.inc({ result });
  }
}
