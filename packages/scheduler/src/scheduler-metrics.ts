import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { metricIn } from './metric-registry.js';

export type RunOutcome = 'success' | 'failure' | 'timeout';
export type SkipReason = 'overlap' | 'misfire' | 'coalesced' | 'lock';

/** The scheduler's prom-client metrics; see the README for names and labels. */
export class SchedulerMetrics {
  readonly #runs: Counter<'job' | 'outcome'>;
  readonly #skips: Counter<'job' | 'reason'>;
  readonly #lag: Histogram;
  readonly #duration: Histogram<'job'>;
  readonly #running: Gauge<'job'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#runs = metricIn(
      registry,
      'outrider_scheduler_runs_total',
      () =>
        new Counter({
          name: 'outrider_scheduler_runs_total',
          help: 'Finished job runs by outcome (success, failure, timeout).',
          labelNames: ['job', 'outcome'],
          registers,
        }),
    );
    this.#skips = metricIn(
      registry,
      'outrider_scheduler_skips_total',
      () =>
        new Counter({
          name: 'outrider_scheduler_skips_total',
          help: 'Fires that did not run, by reason (overlap, misfire, coalesced, lock).',
          labelNames: ['job', 'reason'],
          registers,
        }),
    );
    this.#lag = metricIn(
      registry,
      'outrider_scheduler_lag_seconds',
      () =>
        new Histogram({
          name: 'outrider_scheduler_lag_seconds',
          help: 'Delay between when a scheduled run was due and when it started.',
          buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
          registers,
        }),
    );
    this.#duration = metricIn(
      registry,
      'outrider_scheduler_run_duration_seconds',
      () =>
        new Histogram({
          name: 'outrider_scheduler_run_duration_seconds',
          help: 'Duration of finished job runs.',
          labelNames: ['job'],
          buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600],
          registers,
        }),
    );
    this.#running = metricIn(
      registry,
      'outrider_scheduler_running',
      () =>
        new Gauge({
          name: 'outrider_scheduler_running',
          help: 'Runs in flight per job.',
          labelNames: ['job'],
          registers,
        }),
    );
  }

  started(job: string, lagMs: number | undefined): void {
    this.#running.inc({ job });
    if (lagMs !== undefined) this.#lag.observe(Math.max(0, lagMs) / 1000);
  }

  finished(job: string, outcome: RunOutcome, durationMs: number): void {
    this.#running.dec({ job });
    this.#runs.inc({ job, outcome });
    this.#duration.observe({ job }, durationMs / 1000);
  }

  skipped(job: string, reason: SkipReason, count = 1): void {
    this.#skips.inc({ job, reason }, count);
  }
}
