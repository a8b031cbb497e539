import { Counter, Gauge, type Registry } from 'prom-client';

/** The config manager's own metrics, registered only when a registry is given. */
export class ConfigMetrics {
  readonly #reloads: Counter<'result'>;
  readonly #lastSuccess: Gauge;
  readonly #restartPending: Gauge;

  constructor(registry: Registry) {
    this.#reloads = new Counter({
      name: 'outrider_config_reloads_total',
      help: 'Config reloads, by result (success, failure).',
      labelNames: ['result'],
      registers: [registry],
    });
    this.#lastSuccess = new Gauge({
      name: 'outrider_config_last_reload_success_timestamp_seconds',
      help: 'When the config was last loaded or reloaded successfully, in Unix seconds.',
      registers: [registry],
    });
    this.#restartPending = new Gauge({
      name: 'outrider_config_restart_pending',
      help: 'Changed keys that only take effect after a restart (0 when none).',
      registers: [registry],
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
