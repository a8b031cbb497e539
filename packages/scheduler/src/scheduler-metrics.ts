import type { Registry } from 'prom-client';
import { BucketCounts } from './bucket-counts.js';
import { type Emit, ScrapedMetric } from './scraped-metric.js';

export type RunOutcome = 'success' | 'failure' | 'timeout';
export type SkipReason = 'overlap' | 'misfire' | 'coalesced' | 'lock';

/** Reports each job's runs in flight through `set(job, running)`; called when metrics are scraped. */
export type RunningReporter = (set: (job: string, running: number) => void) => void;

const OUTCOMES: readonly RunOutcome[] = ['success', 'failure', 'timeout'];
const REASONS: readonly SkipReason[] = ['overlap', 'misfire', 'coalesced', 'lock'];
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
const DURATION_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 30, 120, 600];

/** One job's counts since it was added. */
class JobCounts {
  readonly runs: Record<RunOutcome, number> = { success: 0, failure: 0, timeout: 0 };
  readonly skips: Record<SkipReason, number> = { overlap: 0, misfire: 0, coalesced: 0, lock: 0 };
  readonly duration = new BucketCounts(DURATION_BUCKETS);
}

/** The schedulers reporting into each registry: their metrics are registered once and shared. */
const sources = new WeakMap<Registry, Set<SchedulerMetrics>>();

function register(registry: Registry): Set<SchedulerMetrics> {
  const known = sources.get(registry);
  // After registry.clear() the set is kept and the metrics are registered again.
  if (known !== undefined && registry.getSingleMetric('outrider_scheduler_runs_total') !== undefined) return known;
  const all = known ?? new Set<SchedulerMetrics>();
  sources.set(registry, all);
  const each = (read: (metrics: SchedulerMetrics, emit: Emit) => void) => (emit: Emit) => {
    for (const metrics of all) read(metrics, emit);
  };
  const resetAll = () => {
    for (const metrics of all) metrics.reset();
  };
  new ScrapedMetric(
    'outrider_scheduler_runs_total',
    'Finished job runs by outcome (success, failure, timeout).',
    'counter',
    ['job_id', 'outcome'],
    each((metrics, emit) => {
      for (const [job, counts] of metrics.jobs) {
        for (const outcome of OUTCOMES) emit({ job_id: job, outcome }, counts.runs[outcome]);
      }
    }),
    resetAll,
  ).register(registry);
  new ScrapedMetric(
    'outrider_scheduler_skips_total',
    'Fires that did not run, by reason (overlap, misfire, coalesced, lock).',
    'counter',
    ['job_id', 'reason'],
    each((metrics, emit) => {
      for (const [job, counts] of metrics.jobs) {
        for (const reason of REASONS) if (counts.skips[reason] > 0) emit({ job_id: job, reason }, counts.skips[reason]);
      }
    }),
    resetAll,
  ).register(registry);
  new ScrapedMetric(
    'outrider_scheduler_lag_seconds',
    'Delay between when a scheduled run was due and when it started.',
    'histogram',
    [],
    each((metrics, emit) => emit({}, metrics.lag)),
    resetAll,
  ).register(registry);
  new ScrapedMetric(
    'outrider_scheduler_run_duration_seconds',
    'Duration of finished job runs.',
    'histogram',
    ['job_id'],
    each((metrics, emit) => {
      for (const [job, counts] of metrics.jobs) emit({ job_id: job }, counts.duration);
    }),
    resetAll,
  ).register(registry);
  new ScrapedMetric(
    'outrider_scheduler_running',
    'Runs in flight per job.',
    'gauge',
    ['job_id'],
    each((metrics, emit) => metrics.reportRunning((job, running) => emit({ job_id: job }, running))),
  ).register(registry);
  return all;
}

/**
 * The scheduler's metrics (see the README for names and labels), kept as plain numbers per fire
 * and formatted by the registry when it is scraped: a fire costs a few additions, not prom-client's
 * label validation and hashing. A removed job's series leave with it.
 */
export class SchedulerMetrics {
  readonly lag = new BucketCounts(LAG_BUCKETS);
  readonly jobs = new Map<string, JobCounts>();

  constructor(
    registry: Registry,
    readonly reportRunning: RunningReporter,
  ) {
    register(registry).add(this);
  }

  started(lagMs: number | undefined): void {
    if (lagMs !== undefined) this.lag.observe(Math.max(0, lagMs) / 1000);
  }

  finished(job: string, outcome: RunOutcome, durationMs: number): void {
    const counts = this.#counts(job);
    counts.runs[outcome]++;
    counts.duration.observe(durationMs / 1000);
  }

  /** Reports a job's series at 0 from the scrape after it is added. */
  track(job: string): void {
    this.#counts(job);
  }

  forget(job: string): void {
    this.jobs.delete(job);
  }

  skipped(job: string, reason: SkipReason, count = 1): void {
    this.#counts(job).skips[reason] += count;
  }

  /** `registry.resetMetrics()`: every count back to 0, jobs still reported. */
  reset(): void {
    this.lag.reset();
    for (const job of this.jobs.keys()) this.jobs.set(job, new JobCounts());
  }

  #counts(job: string): JobCounts {
    let counts = this.jobs.get(job);
    if (counts === undefined) {
      counts = new JobCounts();
      this.jobs.set(job, counts);
    }
    return counts;
  }
}
