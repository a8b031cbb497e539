import { OutriderError, type TimerHandle } from '@outrider/core';
import type { RetryPolicy } from './options.js';

/** What each attempt of a retried function is handed. */
export interface AttemptContext {
  /** 1-based. */
  readonly attempt: number;
  /** Aborts when this attempt times out, the deadline passes or the caller aborts: pass it on to fetch & co. */
  readonly signal: AbortSignal;
}

/** An attempt's context whose AbortController is only made when `signal` is read: most callers never look. */
class Attempt implements AttemptContext {
  #controller: AbortController | undefined;
  #abortedWith: { reason: unknown } | undefined;

  constructor(readonly attempt: number) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortedWith !== undefined) this.#controller.abort(this.#abortedWith.reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#abortedWith = { reason };
    this.#controller?.abort(reason);
  }
}

/**
 * Runs one attempt. It rejects with OUTRIDER_TIMEOUT when `policy.timeout` passes, or with the
 * stop signal's reason (deadline, caller abort) the moment that fires — without waiting for `fn`,
 * whose own signal is aborted so it can let go of what it holds.
 */
export function runAttempt<T>(
  fn: (attempt: AttemptContext) => Promise<T> | T,
  attempt: number,
  policy: RetryPolicy,
  stop: AbortSignal | undefined,
): Promise<T> {
  const context = new Attempt(attempt);
  const { timeout, clock } = policy;
  if (timeout === undefined && stop === undefined) return Promise.resolve(fn(context));
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: TimerHandle | undefined;
    const settle = () => {
      done = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    };
    const fail = (reason: unknown) => {
      if (done) return;
      settle();
      context.abort(reason);
      reject(reason);
    };
    const onStop = () => fail(stop?.reason);
    if (timeout !== undefined) {
      timer = clock.setTimeout(
        () =>
          fail(
            new OutriderError(
              'OUTRIDER_TIMEOUT',
              `${policy.operation}: attempt ${attempt} did not finish within ${timeout} ms`,
              { details: { operation: policy.operation, attempt, timeoutMs: timeout } },
            ),
          ),
        timeout,
      );
    }
    stop?.addEventListener('abort', onStop, { once: true });
    new Promise<T>((run) => run(fn(context))).then(
      (value) => {
        if (done) return;
        settle();
        resolve(value);
      },
      (error: unknown) => {
        if (done) return;
        settle();
        reject(error);
      },
    );
  });
}
