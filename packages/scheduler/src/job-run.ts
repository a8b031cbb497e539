import { backoffDelay, type Clock, OutriderError, sleep, type TimerHandle, toError } from '@outrider/core';
import type { JobContext, RunTrigger } from './job-options.js';
import type { JobSpec } from './job-spec.js';
import type { RunOutcome } from './scheduler-metrics.js';

export interface RunResult {
  outcome: RunOutcome;
  error: Error | undefined;
  startedAt: number;
  durationMs: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Calls `run` again on failure, `retries` times, backing off on the clock; stops once `signal` aborts. */
async function withRetries(spec: JobSpec, ctx: RunContext, clock: Clock, random: () => number): Promise<void> {
  const retries = spec.retry?.retries ?? 0;
  for (;;) {
    try {
      await spec.run(ctx);
      return;
    } catch (error) {
      if (ctx.attempt > retries || ctx.signal.aborted) throw error;
      await sleep(clock, backoffDelay(ctx.attempt, spec.retry, random), ctx.signal);
      ctx.attempt++;
    }
  }
}

/** The context handed to `run`. The AbortController is made on first use: most runs never look. */
class RunContext implements JobContext {
  attempt = 1;
  #controller: AbortController | undefined;

  constructor(
    readonly jobId: string,
    readonly scheduledAt: number,
    readonly trigger: RunTrigger,
    readonly fencingToken: number | undefined,
  ) {}

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#controller ??= new AbortController();
    this.#controller.abort(reason);
  }
}

/**
 * One run of a job: the soft timeout aborts its signal, the hard one (`abandonAfter` later) stops
 * waiting for it. `onFinish` is called exactly once, whichever comes first; a run that settles
 * after being abandoned is ignored.
 */
export class JobRun {
  readonly startedAt: number;
  readonly #ctx: RunContext;
  #finished = false;
  #softTimedOut = false;
  #timer: TimerHandle | undefined;

  constructor(
    private readonly spec: JobSpec,
    scheduledAt: number,
    trigger: RunTrigger,
    fencingToken: number | undefined,
    private readonly clock: Clock,
    private readonly onFinish: (result: RunResult) => void,
  ) {
    this.startedAt = clock.now();
    this.#ctx = new RunContext(spec.id, scheduledAt, trigger, fencingToken);
  }

  start(random: () => number): void {
    const { spec } = this;
    if (spec.timeout !== undefined) this.#timer = this.clock.setTimeout(() => this.#softTimeout(), spec.timeout);
    let result: unknown;
    try {
      result = spec.retry === undefined ? spec.run(this.#ctx) : withRetries(spec, this.#ctx, this.clock, random);
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (isThenable(result)) {
      result.then(
        () => this.#finish('success', undefined),
        (error: unknown) => this.#fail(error),
      );
    } else {
      this.#finish('success', undefined);
    }
  }

  /** Aborts the run's signal (the scheduler stopping past its deadline). */
  abort(reason: unknown): void {
    this.#ctx.abort(reason);
  }

  #softTimeout(): void {
    const { spec } = this;
    this.#softTimedOut = true;
    this.#ctx.abort(
      new OutriderError('OUTRIDER_TIMEOUT', `job "${spec.id}" did not finish within ${spec.timeout} ms`, {
        details: { job: spec.id, timeoutMs: spec.timeout },
      }),
    );
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      const error = new OutriderError(
        'OUTRIDER_TIMEOUT',
        `job "${spec.id}" ignored its abort signal and was abandoned ${spec.abandonAfter} ms after its ${spec.timeout} ms timeout`,
        { details: { job: spec.id, timeoutMs: spec.timeout, abandonAfterMs: spec.abandonAfter } },
      );
      this.#finish('timeout', error);
    }, spec.abandonAfter);
  }

  #fail(error: unknown): void {
    this.#finish(this.#softTimedOut ? 'timeout' : 'failure', toError(error));
  }

  #finish(outcome: RunOutcome, error: Error | undefined): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.onFinish({ outcome, error, startedAt: this.startedAt, durationMs: this.clock.now() - this.startedAt });
  }
}
