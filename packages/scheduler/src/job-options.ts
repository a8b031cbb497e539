import type { BackoffOptions, Duration } from '@outrider/core';

/** Why a run started. */
export type RunTrigger = 'schedule' | 'manual' | 'after';

/** What a job's `run` receives. */
export interface JobContext {
  readonly jobId: string;
  /** Aborted on the job's `timeout` and when the scheduler stops past its deadline. */
  readonly signal: AbortSignal;
  /** When this run was due (ms since the epoch, jitter included); `now - scheduledAt` is the lag. */
  readonly scheduledAt: number;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  readonly trigger: RunTrigger;
  /** The lease's fencing token, when the lock provider hands one out (RedisLockProvider). */
  readonly fencingToken: number | undefined;
}

/** Per-job retry: attempts after a failed run, spaced by core's backoffDelay on the scheduler's clock. */
export interface JobRetryOptions extends BackoffOptions {
  /** Retries after the first failed attempt. Default 0. */
  retries: number;
}

/** A job for {@link Scheduler.add}. Exactly one of `every` / `cron`, or only `after`. */
export interface JobOptions {
  /** Unique within the scheduler. */
  id: string;
  run(ctx: JobContext): unknown;
  /** Fixed-rate interval: `'31s'`, `'5m'`, `'1h30m'` or ms. Fires at add/start time + k × every. */
  every?: Duration;
  /** Cron pattern (5 or 6 fields, croner syntax), e.g. `'7 3 * * *'`. */
  cron?: string;
  /**
   * No fire before this time (ms since the epoch or a Date). For `every` it is also the phase:
   * fires fall on startAt + k × every. Default: when the job is scheduled.
   */
  startAt?: number | Date;
  /** IANA timezone for `cron`. Default: the process's local zone. */
  timezone?: string;
  /** Run when every named job has completed successfully since this job last ran that way. */
  after?: readonly string[];
  /** Runs allowed in flight at once; a fire beyond that is skipped and counted. Default 1. */
  maxInstances?: number;
  /** Missed fires (event-loop stall, sleep) run once instead of once each. Default true. */
  coalesce?: boolean;
  /** A fire this much later than due is skipped and counted. Default: no limit. */
  misfireGraceTime?: Duration;
  /** Re-adding this id replaces the job instead of throwing OUTRIDER_JOB_DUPLICATE. Default false. */
  replaceExisting?: boolean;
  /** Each scheduled fire is delayed by a uniform random [0, jitter). Default 0. */
  jitter?: Duration;
  /** Soft timeout: the run's signal aborts. The run is abandoned `abandonAfter` later. Default: none. */
  timeout?: Duration;
  /** How long after the soft timeout an unfinished run is abandoned (hard timeout). Default 1s. */
  abandonAfter?: Duration;
  retry?: JobRetryOptions;
  /** Created paused: no scheduled or `after` fires until resume(). Default false. */
  paused?: boolean;
}
