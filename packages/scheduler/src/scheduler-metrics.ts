import { counter, gauge, histogram } from '@outrider/metrics';
import type { Counter, Histogram, Registry } from 'prom-client';

export type RunOutcome = 'success' | 'failure' | 'timeout';
export type SkipReason = 'overlap' | 'misfire' | 'coalesced' | 'lock';

/** Reports each job's runs in flight through `set(job, running)`; called when metrics are scraped. */
export type RunningReporter = (set: (job: string, running: number) => void) => void;

interface JobSeries {
  runs: Record<RunOutcome, { inc(): void }>;
  duration: { observe(value: number): void };
}

/** The schedulers reporting into each registry's shared `outrider_scheduler_running` gauge. */
const reporters = new WeakMap<Registry, Set<RunningReporter>>();

/** The scheduler's prom-client metrics; see the README for names and labels. */
export class SchedulerMetrics {
  readonly #runs: Counter<'job_id' | 'outcome'>;
  readonly #skips: Counter<'job_id' | 'reason'>;
  readonly #lag: Histogram;
  readonly #duration: Histogram<'job_id'>;
  readonly #series = new Map<string, JobSeries>();

  constructor(registry: Registry, reportRunning: RunningReporter) {
    const registryReporters = reporters.get(registry) ?? new Set();
    reporters.set(registry, registryReporters.add(reportRunning));
    this.#runs = counter(registry, {
      name: 'outrider_scheduler_runs_total',
      help: 'Finished job runs by outcome (success, failure, timeout).',
      labelNames: ['job_id', 'outcome'],
    });
    this.#skips = counter(registry, {
      name: 'outrider_scheduler_skips_total',
      help: 'Fires that did not run, by reason (overlap, misfire, coalesced, lock).',
      labelNames: ['job_id', 'reason'],
    });
    this.#lag = histogram(registry, {
      name: 'outrider_scheduler_lag_seconds',
      help: 'Delay between when a scheduled run was due and when it started.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    });
    this.#duration = histogram(registry, {
      name: 'outrider_scheduler_run_duration_seconds',
      help: 'Duration of finished job runs.',
      labelNames: ['job_id'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600],
    });
    gauge(registry, {
      name: 'outrider_scheduler_running',
      help: 'Runs in flight per job.',
      labelNames: ['job_id'],
      // Read at scrape time rather than counted per run: no label hashing on the hot path.
      collect() {
        this.reset();
        for (const report of registryReporters) report((job, running) => this.set({ job_id: job }, running));
      },
    });
  }

  started(lagMs: number | undefined): void {
    if (lagMs !== undefined) this.#lag.observe(Math.max(0, lagMs) / 1000);
  }

  finished(job: string, outcome: RunOutcome, durationMs: number): void {
    const series = this.#jobSeries(job);
    series.runs[outcome].inc();
    series.duration.observe(durationMs / 1000);
  }

  /**
   * Creates a job's series at 0 when it is added: Prometheus sees them from the first scrape, and
   * the first run pays no label hashing.
   */
  track(job: string): void {
    this.#jobSeries(job);
  }

  /** Removes a job's cached series handles (the series themselves stay until the registry drops them). */
  forget(job: string): void {
    this.#series.delete(job);
  }

  /**
   * Label-bound children per job, made once: prom-client hashes the label object on every
   * `inc({ job_id, outcome })`, which costs more than the run bookkeeping itself.
   */
  #jobSeries(job: string): JobSeries {
    let series = this.#series.get(job);
    if (series === undefined) {
      series = {
        runs: {
          success: this.#runs.labels(job, 'success'),
          failure: this.#runs.labels(job, 'failure'),
          timeout: this.#runs.labels(job, 'timeout'),
        },
        duration: this.#duration.labels(job),
      };
      this.#series.set(job, series);
    }
    return series;
  }

  skipped(job: string, reason: SkipReason, count = 1): void {
    this.#skips.inc({ job_id: job, reason }, count);
  }
}
