import type { Clock, TimerHandle } from '@outrider/core';

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

/** When an attempt must end by, and the error it then ends with. */
export interface AttemptLimit {
  ms: number;
  error: () => unknown;
}

/**
 * Runs one attempt. It rejects with `limit.error()` once `limit.ms` passes (the attempt timeout or
 * the call's deadline, whichever is first), or with the signal's reason the moment the caller
 * aborts — without waiting for `fn`, whose own signal is aborted so it can let go of what it holds.
 */
export function runAttempt<T>(
  fn: (attempt: AttemptContext) => Promise<T> | T,
  attempt: number,
  clock: Clock,
  limit: AttemptLimit | undefined,
  signal: AbortSignal | undefined,
): Promise<T> {
  const context = new Attempt(attempt);
  if (limit === undefined && signal === undefined) return Promise.resolve(fn(context));
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: TimerHandle | undefined;
    const settle = () => {
      done = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (reason: unknown) => {
      if (done) return;
      settle();
      context.abort(reason);
      reject(reason);
    };
    const onAbort = () => fail(signal?.reason);
    if (limit !== undefined) timer = clock.setTimeout(() => fail(limit.error()), limit.ms);
    signal?.addEventListener('abort', onAbort, { once: true });
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
