import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Duration,
  type HealthReport,
  type Logger,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  parseDuration,
  silentLogger,
  systemClock,
} from '@outrider/core';
import type { Registry } from 'prom-client';
import { DueQueue } from './due-queue.js';
import { schedulerErrors } from './error-codes.js';
import { JobGraph } from './job-graph.js';
import type { JobOptions, RunTrigger } from './job-options.js';
import { JobRun, type RunResult } from './job-run.js';
import { type JobSpec, toJobSpec } from './job-spec.js';
import { isoOrNull, JobStats, type JobStatus } from './job-status.js';
import type { LockLease, LockProvider } from './lock.js';
import { type RunOutcome, SchedulerMetrics, type SkipReason } from './scheduler-metrics.js';

export interface SchedulerOptions {
  /** Module name. Default `'scheduler'`. */
  name?: string;
  /** Default: the module context's clock, else systemClock. */
  clock?: Clock;
  /** Default: the module context's logger, else silent. */
  logger?: Logger;
  /** When given, the scheduler reports its metrics here. */
  registry?: Registry;
  /**
   * Who may run a job when several schedulers share one: an InProcessLockProvider shared by the
   * schedulers of one process, or a FileLockProvider for processes on one host. Default: in-process
   * and private to this scheduler, so nothing beyond maxInstances (and no locking cost per run).
   */
  lock?: LockProvider;
  /** How long a lock is held at most by a job without a timeout before it counts as stale. Default 1h. */
  lockTtl?: Duration;
  /** Source of randomness for jitter and retry backoff. Default Math.random. */
  random?: () => number;
}

/** What runNow() resolves to. */
export interface RunReport {
  jobId: string;
  outcome: RunOutcome | 'skipped';
  skipReason?: SkipReason;
  error?: string;
  durationMs?: number;
}

/** Fires in a window beyond this many are counted but not enumerated (a laptop waking after a day). */
const MISSED_FIRE_LIMIT = 1000;

interface Job {
  readonly spec: JobSpec;
  readonly stats: JobStats;
  paused: boolean;
  /** The next fire in the due queue and its un-jittered trigger time. */
  entry: { at: number; cancelled: boolean } | undefined;
  nextFire: number | undefined;
  /** Runs in flight or waiting for their lock. */
  running: number;
  lease: LockLease | undefined;
  leasing: Promise<LockLease | undefined> | undefined;
  /**
   * After a scheduled run, other owners stay locked out until here: just before the next fire, so a
   * peer whose timer for the same fire runs late (a loaded machine) still skips it.
   */
  holdUntil: number;
  /** `after` jobs that completed since this job last ran on them. */
  readonly completedAfter: Set<string>;
}

/** The lease of a scheduler without a lock provider: the scheduler is alone, nothing to take or release. */
const PRIVATE_LEASE: LockLease = { release() {} };

const isThenable = <T>(value: unknown): value is PromiseLike<T> =>
  typeof (value as PromiseLike<T> | null)?.then === 'function';

/**
 * Interval and cron jobs with APScheduler's semantics (maxInstances, coalesce, misfireGraceTime,
 * replaceExisting), `after` dependencies, timeouts, locks and status. All fire times sit in one
 * min-heap behind one timer on the injected clock; croner computes cron times.
 */
export class Scheduler implements ModuleInterface {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  #clock: Clock;
  #logger: Logger;
  #lock: LockProvider | undefined;
  readonly #options: SchedulerOptions;
  readonly #owner = randomUUID();
  readonly #lockTtl: number;
  readonly #random: () => number;
  readonly #metrics: SchedulerMetrics | undefined;
  readonly #jobs = new Map<string, Job>();
  readonly #graph = new JobGraph();
  readonly #active = new Set<JobRun>();
  /** Launches waiting for an asynchronous lock answer; stop() waits for them too. */
  #starting = 0;
  #queue: DueQueue<Job> | undefined;
  #idle: (() => void)[] = [];
  #stopping: Promise<void> | undefined;

  constructor(options: SchedulerOptions = {}) {
    this.#options = options;
    this.name = options.name ?? 'scheduler';
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#lock = options.lock;
    this.#lockTtl = parseDuration(options.lockTtl ?? '1h', 'lockTtl');
    this.#random = options.random ?? Math.random;
    this.#metrics =
      options.registry === undefined
        ? undefined
        : new SchedulerMetrics(options.registry, (set) => {
            for (const job of this.#jobs.values()) set(job.spec.id, job.running);
          });
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(ctx: ModuleContext): void {
    if (this.#options.clock === undefined) this.#clock = ctx.clock;
    if (this.#options.logger === undefined) this.#logger = ctx.logger;
    this.#status = 'initialized';
  }

  start(): void {
    this.#stopping = undefined;
    this.#queue = new DueQueue(this.#clock, (job, at, now) => this.#onDue(job, at, now));
    const now = this.#clock.now();
    for (const job of this.#jobs.values()) {
      job.spec.trigger.reset(this.#anchor(now));
      this.#planNext(job, now);
    }
    this.#queue.start();
    this.#status = 'running';
  }

  /** Stops firing, waits for running jobs until `signal` aborts, then aborts their signals and returns. */
  stop(signal?: AbortSignal): Promise<void> {
    if (this.#status !== 'running' && this.#status !== 'stopping') {
      if (this.#status !== 'stopped') this.#status = 'stopped';
      return this.#stopping ?? Promise.resolve();
    }
    this.#stopping ??= this.#stop(signal);
    return this.#stopping;
  }

  async #stop(signal: AbortSignal | undefined): Promise<void> {
    this.#status = 'stopping';
    this.#queue?.stop();
    this.#queue?.clear();
    for (const job of this.#jobs.values()) job.entry = undefined;
    if (this.#active.size > 0 || this.#starting > 0) {
      const idle = new Promise<void>((resolve) => this.#idle.push(resolve));
      const deadline = new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.race([idle, deadline]);
      const reason = new OutriderError('OUTRIDER_ABORTED', `scheduler "${this.name}" stopped`, { module: this.name });
      for (const run of this.#active) run.abort(reason);
    }
    this.#status = 'stopped';
  }

  health(): HealthReport {
    if (this.#status !== 'running') return { status: 'unhealthy', detail: `scheduler is ${this.#status}` };
    const failing = [...this.#jobs.values()]
      .filter((job) => job.stats.lastOutcome === 'failure')
      .map((job) => job.spec.id);
    return failing.length === 0
      ? { status: 'healthy' }
      : { status: 'degraded', detail: `failing: ${failing.join(', ')}` };
  }

  /** Adds a job (see JobOptions); invalid definitions throw OUTRIDER_JOB_INVALID naming the field. */
  add(options: JobOptions): JobStatus {
    const existing = this.#jobs.get(options?.id);
    if (existing !== undefined && options.replaceExisting !== true) {
      throw schedulerErrors.create(
        'OUTRIDER_JOB_DUPLICATE',
        `job "${options.id}" exists; set replaceExisting to replace it`,
        {
          module: this.name,
          details: { job: options.id },
        },
      );
    }
    const spec = toJobSpec(options, (id) => this.#jobs.has(id));
    const cycle = this.#graph.cycleThrough(spec.id, spec.after);
    if (cycle !== undefined) {
      throw schedulerErrors.create(
        'OUTRIDER_JOB_INVALID',
        `job "${spec.id}": after: closes a cycle ${cycle.join(' → ')}`,
        {
          module: this.name,
          details: { job: spec.id, field: 'after', cycle },
        },
      );
    }
    if (existing?.entry) existing.entry.cancelled = true;
    const job: Job = {
      spec,
      stats: new JobStats(),
      paused: spec.paused,
      entry: undefined,
      nextFire: undefined,
      running: 0,
      lease: undefined,
      leasing: undefined,
      holdUntil: 0,
      completedAfter: new Set(),
    };
    this.#jobs.set(spec.id, job);
    this.#metrics?.track(spec.id);
    this.#graph.set(spec.id, spec.after);
    if (this.#status === 'running') {
      const now = this.#clock.now();
      spec.trigger.reset(this.#anchor(now));
      this.#planNext(job, now);
    }
    return this.#statusOf(job);
  }

  /** Removes a job; runs in flight finish. Throws if another job's `after` names it. */
  remove(id: string): void {
    const job = this.#job(id);
    const dependents = this.#graph.dependentsOf(id);
    if (dependents !== undefined && dependents.size > 0) {
      throw schedulerErrors.create(
        'OUTRIDER_JOB_INVALID',
        `job "${id}" is named in the after list of ${[...dependents].join(', ')}; remove those first`,
        { module: this.name, details: { job: id, field: 'after', dependents: [...dependents] } },
      );
    }
    if (job.entry) job.entry.cancelled = true;
    this.#jobs.delete(id);
    this.#graph.delete(id);
    this.#metrics?.forget(id);
  }

  /** No scheduled or `after` fires until resume(); runNow still runs it. */
  pause(id: string): void {
    const job = this.#job(id);
    job.paused = true;
    if (job.entry) job.entry.cancelled = true;
    job.entry = undefined;
  }

  /** Resumes on the job's schedule from now on; fires missed while paused are not made up. */
  resume(id: string): void {
    const job = this.#job(id);
    if (!job.paused) return;
    job.paused = false;
    if (this.#status === 'running') this.#planNext(job, this.#clock.now());
  }

  /** Runs the job now (maxInstances and the lock still apply) and resolves when the run finishes. */
  runNow(id: string): Promise<RunReport> {
    const job = this.#job(id);
    return new Promise((resolve) => this.#launch(job, this.#clock.now(), 'manual', resolve));
  }

  get(id: string): JobStatus {
    return this.#statusOf(this.#job(id));
  }

  list(): JobStatus[] {
    return [...this.#jobs.values()].map((job) => this.#statusOf(job));
  }

  #job(id: string): Job {
    const job = this.#jobs.get(id);
    if (job === undefined) {
      throw schedulerErrors.create('OUTRIDER_JOB_UNKNOWN', `no job "${id}" is scheduled`, {
        module: this.name,
        details: { job: id },
      });
    }
    return job;
  }

  #statusOf(job: Job): JobStatus {
    const { spec, stats } = job;
    return {
      id: spec.id,
      trigger: spec.trigger.description,
      after: [...spec.after],
      paused: job.paused,
      nextRun: isoOrNull(job.entry?.at),
      lastRun: isoOrNull(stats.lastRun),
      lastDurationMs: stats.lastDurationMs ?? null,
      lastOutcome: stats.lastOutcome ?? null,
      lastError: stats.lastError ?? null,
      running: job.running,
      maxInstances: spec.maxInstances,
      runs: stats.runs,
      failures: stats.failures,
      timeouts: stats.timeouts,
      skips: stats.skips,
      skipped: { ...stats.skipped },
    };
  }

  /** Where interval jobs without startAt count their period from: the epoch when replicas must agree. */
  #anchor(now: number): number {
    return this.#lock?.alignsFires === true ? 0 : now;
  }

  /** Puts the job's first fire after `time` in the queue, jittered. */
  #planNext(job: Job, time: number): void {
    job.entry = undefined;
    job.nextFire = undefined;
    if (job.paused || this.#queue === undefined) return;
    const next = job.spec.trigger.nextAfter(time);
    if (next === undefined) return;
    job.nextFire = next;
    const at = job.spec.jitter > 0 ? next + Math.floor(this.#random() * job.spec.jitter) : next;
    job.entry = this.#queue.push(at, job);
  }

  #onDue(job: Job, at: number, now: number): void {
    const { spec } = job;
    const due = job.nextFire ?? at;
    const missed = spec.trigger.firesBetween(due, now, MISSED_FIRE_LIMIT);
    this.#planNext(job, now);
    if (missed.count === 1) {
      this.#fire(job, at, now, due);
      return;
    }
    if (spec.coalesce) {
      this.#skip(job, 'coalesced', missed.count - 1);
      this.#fire(job, missed.last, now);
      return;
    }
    let time: number | undefined = due;
    for (let fired = 0; fired < missed.count && time !== undefined && time <= now; fired++) {
      this.#fire(job, time, now);
      time = spec.trigger.nextAfter(time);
    }
  }

  /**
   * One scheduled fire: skipped when later than misfireGraceTime, else launched. `fireAt` is the
   * fire's un-jittered time, the same on every replica: the lock knows the fire by it.
   */
  #fire(job: Job, scheduledAt: number, now: number, fireAt = scheduledAt): void {
    const grace = job.spec.misfireGraceTime;
    if (grace !== undefined && now - scheduledAt > grace) this.#skip(job, 'misfire');
    else this.#launch(job, scheduledAt, 'schedule', undefined, fireAt);
  }

  #skip(job: Job, reason: SkipReason, count = 1): void {
    job.stats.skipped[reason] += count;
    this.#metrics?.skipped(job.spec.id, reason, count);
  }

  /** Starts a run if maxInstances allows and the lock is ours; `report` hears how it ended. */
  #launch(
    job: Job,
    scheduledAt: number,
    trigger: RunTrigger,
    report?: (report: RunReport) => void,
    fireAt?: number,
  ): void {
    const jobId = job.spec.id;
    if (job.running >= job.spec.maxInstances) {
      this.#skip(job, 'overlap');
      report?.({ jobId, outcome: 'skipped', skipReason: 'overlap' });
      return;
    }
    job.running++;
    if (trigger === 'schedule' && job.nextFire !== undefined) {
      job.holdUntil = Math.max(scheduledAt, job.nextFire - 1);
    }
    const lease = this.#leaseFor(job, fireAt);
    if (!isThenable<LockLease | undefined>(lease)) {
      this.#begin(job, lease, scheduledAt, trigger, report);
      return;
    }
    this.#starting++;
    lease.then((held) => {
      this.#starting--;
      this.#begin(job, held, scheduledAt, trigger, report);
    });
  }

  /** The job's lease: held while any of its runs is in flight, asked for when the first starts. */
  #leaseFor(job: Job, fireAt: number | undefined): LockLease | undefined | Promise<LockLease | undefined> {
    if (job.lease !== undefined) return job.lease;
    if (job.leasing !== undefined) return job.leasing;
    const lock = this.#lock;
    if (lock === undefined) return PRIVATE_LEASE;
    const { spec } = job;
    const ttlMs = spec.timeout === undefined ? this.#lockTtl : spec.timeout + spec.abandonAfter;
    let answer: ReturnType<LockProvider['acquire']>;
    try {
      answer = lock.acquire({ key: spec.id, owner: this.#owner, ttlMs, ...(fireAt === undefined ? {} : { fireAt }) });
    } catch (error) {
      return this.#lockFailed(job, error);
    }
    if (!isThenable<LockLease | undefined>(answer)) {
      job.lease = answer;
      return answer;
    }
    job.leasing = Promise.resolve(answer).then(
      (lease) => {
        job.leasing = undefined;
        job.lease = lease;
        return lease;
      },
      (error: unknown) => {
        job.leasing = undefined;
        return this.#lockFailed(job, error);
      },
    );
    return job.leasing;
  }

  #lockFailed(job: Job, error: unknown): undefined {
    this.#logger.warn({ job: job.spec.id, err: String(error) }, 'lock provider failed; the fire is skipped');
    return undefined;
  }

  #begin(
    job: Job,
    lease: LockLease | undefined,
    scheduledAt: number,
    trigger: RunTrigger,
    report?: (r: RunReport) => void,
  ) {
    const jobId = job.spec.id;
    if (lease === undefined) {
      job.running--;
      this.#skip(job, 'lock');
      report?.({ jobId, outcome: 'skipped', skipReason: 'lock' });
      this.#checkIdle();
      return;
    }
    this.#metrics?.started(trigger === 'schedule' ? this.#clock.now() - scheduledAt : undefined);
    const run = new JobRun(job.spec, scheduledAt, trigger, lease.fencingToken, this.#clock, (result) => {
      this.#active.delete(run);
      this.#finished(job, result);
      report?.({
        jobId,
        outcome: result.outcome,
        durationMs: result.durationMs,
        ...(result.error === undefined ? {} : { error: result.error.message }),
      });
      this.#checkIdle();
    });
    this.#active.add(run);
    run.start(this.#random);
  }

  #finished(job: Job, { outcome, error, startedAt, durationMs }: RunResult): void {
    const jobId = job.spec.id;
    job.running--;
    job.stats.recordRun(outcome, startedAt, durationMs, error);
    this.#metrics?.finished(jobId, outcome, durationMs);
    if (error !== undefined) this.#logger.warn({ job: jobId, outcome, err: error.message }, 'job run failed');
    if (job.running === 0 && job.lease !== undefined) {
      const lease = job.lease;
      job.lease = undefined;
      const holdMs = Math.max(0, job.holdUntil - this.#clock.now());
      Promise.resolve()
        .then(() => lease.release(holdMs))
        .catch((releaseError: unknown) => this.#lockFailed(job, releaseError));
    }
    if (outcome === 'success') this.#runDependents(jobId);
  }

  #runDependents(jobId: string): void {
    const dependents = this.#graph.dependentsOf(jobId);
    if (dependents === undefined || this.#status !== 'running') return;
    for (const id of dependents) {
      const dependent = this.#jobs.get(id);
      if (dependent === undefined) continue;
      dependent.completedAfter.add(jobId);
      if (dependent.completedAfter.size < dependent.spec.after.length || dependent.paused) continue;
      dependent.completedAfter.clear();
      this.#launch(dependent, this.#clock.now(), 'after');
    }
  }

  #checkIdle(): void {
    if (this.#active.size > 0 || this.#starting > 0 || this.#idle.length === 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const resolve of waiters) resolve();
  }
}
