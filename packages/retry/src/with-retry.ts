import { backoffDelay, isOutriderError, OutriderError, sleep, toError } from '@outrider/core';
import pRetry, { AbortError } from 'p-retry';
import { type AttemptContext, runAttempt } from './attempt.js';
import { type AttemptOutcome, attemptsCounter } from './metrics.js';
import { type RetryOptions, type RetryPolicy, resolveRetryOptions } from './options.js';
import { retryAfterMs } from './retry-after.js';
import { type CallProgress, callStop, deadlinePassed } from './stop.js';

/**
 * Carries a retryable failure through p-retry. A plain Error on purpose: p-retry never retries a
 * TypeError (unless it looks like a network error), and `retryOn` alone should decide.
 */
class RetryableFailure extends Error {
  constructor(readonly failure: unknown) {
    super('attempt failed');
  }
}

/** Carries a failure `retryOn` turned down out of p-retry, to be rethrown unchanged. */
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
export async function withRetry<T>(
  fn: (attempt: AttemptContext) => Promise<T> | T,
  options: RetryOptions = {},
): Promise<T> {
  return runWithRetry(fn, resolveRetryOptions(options), options.signal);
}

/** withRetry on options already resolved: the decorator resolves once per method, not per call. */
export async function runWithRetry<T>(
  fn: (attempt: AttemptContext) => Promise<T> | T,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<T> {
  const { clock, operation } = policy;
  const counter = policy.registry === undefined ? undefined : attemptsCounter(policy.registry);
  const record = (outcome: AttemptOutcome) => counter?.inc({ operation, outcome });
  const progress: CallProgress = { attempts: 0, lastError: undefined };
  const stop = callStop(policy, signal, progress);
  try {
    return await pRetry(
      async (attempt) => {
        progress.attempts = attempt;
        try {
          const value = await runAttempt(fn, attempt, policy, stop?.signal);
          record('success');
          return value;
        } catch (error) {
          if (stop?.signal.aborted) {
            // p-retry rethrows the stop reason: OUTRIDER_DEADLINE_PASSED or OUTRIDER_ABORTED.
            record(isOutriderError(stop.signal.reason, 'OUTRIDER_DEADLINE_PASSED') ? 'deadline' : 'aborted');
            throw error;
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
        signal: stop?.signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          const failure = (error as RetryableFailure).failure;
          const delay =
            retryAfterMs(failure, clock.now()) ?? backoffDelay(attemptNumber, policy.backoff, policy.random);
          if (stop?.due !== undefined && clock.now() + delay >= stop.due) {
            // The next attempt could not start in time: fail now rather than sleep until the deadline.
            record('deadline');
            throw deadlinePassed(policy, progress);
          }
          record('retry');
          policy.onRetry?.({ operation, attempt: attemptNumber, error: failure, delay });
          if (delay > 0) await sleep(clock, delay, stop?.signal);
          return true;
        },
      },
    );
  } catch (error) {
    if (error instanceof FinalFailure) throw error.failure;
    if (error instanceof RetryableFailure) {
      record('exhausted');
      throw new OutriderError(
        'OUTRIDER_RETRY_EXHAUSTED',
        `${operation} failed after ${progress.attempts} attempt(s): ${toError(error.failure).message}`,
        { cause: error.failure, details: { operation, attempts: progress.attempts } },
      );
    }
    throw error;
  } finally {
    stop?.dispose();
  }
}
