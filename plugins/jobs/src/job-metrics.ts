import { gauge } from '@outrider/metrics';
import type { Gauge, Registry } from 'prom-client';

type Labels = 'plugin' | 'name';

const DEFINITIONS = {
  lastSuccess: [
    'outrider_job_last_success_timestamp_seconds',
    'When the job last finished successfully, since the epoch.',
  ],
  lastRunSuccess: ['outrider_job_last_run_success', 'Whether the last finished run succeeded (1) or not (0).'],
  exitCode: [
    'outrider_job_last_exit_code',
    'Exit code of the last run of a command job (128 + signal number when killed).',
  ],
  httpStatus: ['outrider_job_last_http_status', 'Status of the last response of an http job; 0 when none came.'],
} as const;

type Key = keyof typeof DEFINITIONS;

/**
 * What the scheduler's own outrider_scheduler_* series do not say about a job from config. The
 * gauges are shared by every jobs instance on a registry; series are labelled plugin and name.
 */
export class JobMetrics {
  readonly #gauges: Record<Key, Gauge<Labels>>;

  constructor(registry: Registry) {
    const shared = ([name, help]: readonly [string, string]) =>
      gauge<Labels>(registry, { name, help, labelNames: ['plugin', 'name'] });
    this.#gauges = {
      lastSuccess: shared(DEFINITIONS.lastSuccess),
      lastRunSuccess: shared(DEFINITIONS.lastRunSuccess),
      exitCode: shared(DEFINITIONS.exitCode),
      httpStatus: shared(DEFINITIONS.httpStatus),
    };
  }

  set(key: Key, plugin: string, name: string, value: number): void {
    this.#gauges[key].set({ plugin, name }, value);
  }

  /** Drops a job's series (it was removed or the plugin stopped). */
  forget(plugin: string, name: string): void {
    for (const gauge of Object.values(this.#gauges)) gauge.remove({ plugin, name });
  }
}
