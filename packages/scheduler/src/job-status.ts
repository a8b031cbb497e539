import type { RunOutcome, SkipReason } from './scheduler-metrics.js';

/** One job as list() reports it: plain JSON, what the sidecar serves at /api/scheduler/jobs. */
export interface JobStatus {
  id: string;
  /** `every 31s`, `cron 7 3 * * * (Asia/Seoul)` or `after a, b`. */
  trigger: string;
  after: string[];
  paused: boolean;
  /** ISO time of the next scheduled fire (jitter included); null when paused, after-only or stopped. */
  nextRun: string | null;
  /** ISO time the last finished run started. */
  lastRun: string | null;
  lastDurationMs: number | null;
  lastOutcome: RunOutcome | null;
  /** Message of the last run's error; null when it succeeded. */
  lastError: string | null;
  running: number;
  maxInstances: number;
  /** Finished runs, any outcome. */
  runs: number;
  /** Runs that failed or timed out. */
  failures: number;
  timeouts: number;
  /** Fires that did not run, in total and by reason. */
  skips: number;
  skipped: Record<SkipReason, number>;
}

/** Counters kept per job. */
export class JobStats {
  runs = 0;
  failures = 0;
  timeouts = 0;
  readonly skipped: Record<SkipReason, number> = { overlap: 0, misfire: 0, coalesced: 0, lock: 0 };
  lastRun: number | undefined;
  lastDurationMs: number | undefined;
  lastOutcome: RunOutcome | undefined;
  lastError: string | undefined;

  get skips(): number {
    const { overlap, misfire, coalesced, lock } = this.skipped;
    return overlap + misfire + coalesced + lock;
  }

  recordRun(outcome: RunOutcome, startedAt: number, durationMs: number, error: Error | undefined): void {
    this.runs++;
    if (outcome !== 'success') this.failures++;
    if (outcome === 'timeout') this.timeouts++;
    this.lastRun = startedAt;
    this.lastDurationMs = durationMs;
    this.lastOutcome = outcome;
    this.lastError = error?.message;
  }
}

export const isoOrNull = (time: number | undefined): string | null =>
  time === undefined ? null : new Date(time).toISOString();
