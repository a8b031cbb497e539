import type { ModuleState, ModuleStatusEntry } from '@outrider/core';
import { collectProcessMetrics, counter, gauge } from '@outrider/metrics';
import type { Counter, Gauge, Registry } from 'prom-client';

export type UncaughtKind = 'exception' | 'rejection';

const STATES: readonly ModuleState[] = [
  'registered',
  'initialized',
  'starting',
  'running',
  'degraded',
  'stopping',
  'stopped',
  'failed',
  'blocked',
];

/** The sidecar's own series: process metrics, build info, module states, restarts, reloads. */
export class SelfMetrics {
  readonly #reloads: Counter<'result'>;
  readonly #lastReload: Gauge;
  readonly #uncaught: Counter<'plugin' | 'kind'>;

  constructor(registry: Registry, version: string, modules: () => ModuleStatusEntry[]) {
    collectProcessMetrics(registry);
    const buildInfo = gauge(registry, {
      name: 'outrider_build_info',
      help: 'Always 1; the labels say which Outrider and Node.js versions run.',
      labelNames: ['version', 'node_version'],
    });
    buildInfo.set({ version, node_version: process.version }, 1);
    gauge(registry, {
      name: 'outrider_plugin_state',
      help: '1 for the state each module (built-in or plugin) is in, 0 for the other states.',
      labelNames: ['plugin', 'state'],
      collect() {
        this.reset();
        for (const module of modules()) {
          for (const state of STATES) this.set({ plugin: module.name, state }, module.state === state ? 1 : 0);
        }
      },
    });
    counter(registry, {
      name: 'outrider_plugin_restarts_total',
      help: 'Restarts of each module since the sidecar started (by policy or by the admin API).',
      labelNames: ['plugin'],
      collect() {
        // The manager keeps the count; a removed plugin's series goes with it.
        this.reset();
        for (const module of modules()) this.inc({ plugin: module.name }, module.restarts);
      },
    });
    this.#reloads = counter(registry, {
      name: 'outrider_config_reloads_total',
      help: 'Config reloads (SIGHUP or POST /api/reload), by result (success, failure).',
      labelNames: ['result'],
    });
    this.#reloads.inc({ result: 'success' }, 0);
    this.#reloads.inc({ result: 'failure' }, 0);
    this.#uncaught = counter(registry, {
      name: 'outrider_uncaught_errors_total',
      help: 'Uncaught exceptions and unhandled rejections, by the plugin instance they came from (empty: none could be told) and kind (exception, rejection).',
      labelNames: ['plugin', 'kind'],
    });
    this.#uncaught.inc({ plugin: '', kind: 'exception' }, 0);
    this.#uncaught.inc({ plugin: '', kind: 'rejection' }, 0);
    this.#lastReload = gauge(registry, {
      name: 'outrider_config_last_reload_success_timestamp_seconds',
      help: 'When the config was last loaded or reloaded successfully, in Unix seconds.',
    });
  }

  /** An uncaught exception or unhandled rejection; `plugin` is empty when no plugin could be blamed. */
  uncaught(plugin: string, kind: UncaughtKind): void {
    this.#uncaught.inc({ plugin, kind });
  }

  loaded(nowMs: number): void {
    this.#lastReload.set(nowMs / 1000);
  }

  reloaded(result: 'success' | 'failure', nowMs: number): void {
    this.#reloads.inc({ result });
    if (result === 'success') this.loaded(nowMs);
  }
}
