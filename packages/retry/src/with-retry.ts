import { backoffDelay, isOutriderError, sleep } from '@outrider/core';
import pRetry, { AbortError } from 'p-retry';
import { type AttemptContext, type AttemptLimit, runAttempt } from './attempt.js';
import { aborted, attemptTimedOut, type CallProgress, deadlinePassed, exhausted } from './errors.js';
import { type AttemptOutcome, attemptsCounter } from './metrics.js';
import { type RetryOptions, type RetryPolicy, resolveRetryOptions } from './options.js';
import { retryAfterMs } from './retry-after.js';

/**
 * Carries a retryable failure through p-retry. A plain Error on purpose: p-retry never retries a
 * TypeError (unless it looks like a network error), and `retryOn` alone should decide.
 */
class RetryableFailure extends Error {
  constructor(readonly failure: unknown) {
    super('attempt failed');
  }
}

/** Carries an error that ends the call (not retryable, or the deadline) out of p-retry, unchanged. */
class FinalFailure extends Error {
  constructor(readonly failure: unknown) {
    super('attempt failed, not retryable');
  }
}

/**
 * Calls `fn` until it succeeds, retrying the failures `retryOn` accepts with exponential backoff
 * (or the error's `retryAfter` hint). Ends with the value, the unchanged error `retryOn` turned
 * down, or OUTRIDER_RETRY_EXHAUSTED / OUTRIDER_DEADLINE_PASSED / OUTRIDER_ABORTED with the last
 * failure as `cause` and `details.attempts`.
 */
export function withRetry<T>(fn: (attempt: AttemptContext) => Promise<T> | T, options: RetryOptions = {}): Promise<T> {
  let policy: RetryPolicy;
  try {
    policy = resolveRetryOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  return runWithRetry(fn, policy, options.signal);
}

/** withRetry on options already resolved: the decorator resolves once per method, not per call. */
export async function runWithRetry<T>(
  fn: (attempt: AttemptContext) => Promise<T> | T,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<T> {
  const { clock, operation, deadline, timeout } = policy;
  const counter = policy.registry === undefined ? undefined : attemptsCounter(policy.registry);
  const record = (outcome: AttemptOutcome) => counter?.inc({ operation, outcome });
  const progress: CallProgress = { attempts: 0, lastError: undefined };
  // The deadline needs no timer of its own: it caps each attempt's timer and each backoff wait.
  const due =
    deadline === undefined ? undefined : deadline instanceof Date ? deadline.getTime() : clock.now() + deadline;
  if (signal?.aborted) throw aborted(policy, progress, signal.reason);
  if (due !== undefined && due <= clock.now()) throw deadlinePassed(policy, progress);

  const limitFor = (attempt: number): AttemptLimit | undefined => {
    const remaining = due === undefined ? undefined : due - clock.now();
    if (remaining !== undefined && (timeout === undefined || remaining <= timeout)) {
      return { ms: remaining, error: () => new FinalFailure(deadlinePassed(policy, progress)) };
    }
    return timeout === undefined ? undefined : { ms: timeout, error: () => attemptTimedOut(policy, attempt) };
  };

  try {
    return await pRetry(
      async (attempt) => {
        progress.attempts = attempt;
        try {
          const value = await runAttempt(fn, attempt, clock, limitFor(attempt), signal);
          record('success');
          return value;
        } catch (error) {
          // p-retry rethrows the signal's reason; the outer catch turns it into OUTRIDER_ABORTED.
          if (signal?.aborted) {
            record('aborted');
            throw error;
          }
          if (error instanceof FinalFailure) {
            record('deadline');
            throw new AbortError(error);
          }
          progress.lastError = error;
          // A timed-out attempt is retried whatever retryOn says: slowness is the transient failure.
          if (isOutriderError(error, 'OUTRIDER_TIMEOUT') || policy.shouldRetry(error, attempt)) {
            throw new RetryableFailure(error);
          }
          record('not_retryable');
          throw new AbortError(new FinalFailure(error));
        }
      },
      {
        retries: policy.retries,
        // Backoff is ours, on the injectable clock; p-retry counts attempts and watches the signal.
        minTimeout: 0,
        signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          const failure = (error as RetryableFailure).failure;
          const delay =
            retryAfterMs(failure, clock.now()) ?? backoffDelay(attemptNumber, policy.backoff, policy.random);
          if (due !== undefined && clock.now() + delay >= due) {
            // The next attempt could not start in time: fail now rather than sleep until the deadline.
            record('deadline');
            throw new FinalFailure(deadlinePassed(policy, progress));
          }
          record('retry');
          policy.onRetry?.({ operation, attempt: attemptNumber, error: failure, delay });
          if (delay > 0) await sleep(clock, delay, signal);
          return true;
        },
      },
    );
  } catch (error) {
    if (signal?.aborted) throw aborted(policy, progress, signal.reason);
    if (error instanceof FinalFailure) throw error.failure;
    if (error instanceof RetryableFailure) {
      record('exhausted');
      throw exhausted(policy, progress, error.failure);
    }
    throw error;
  }
}
