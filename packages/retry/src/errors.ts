import { OutriderError } from '@outrider/core';
import { retryErrors } from './error-codes.js';
import type { RetryPolicy } from './options.js';

/** What a call knows about its progress, for the errors that end it. */
export interface CallProgress {
  attempts: number;
  lastError: unknown;
}

export function deadlinePassed(policy: RetryPolicy, progress: CallProgress): OutriderError {
  const { operation } = policy;
  return retryErrors.create(
    'OUTRIDER_DEADLINE_PASSED',
    `${operation}: deadline passed after ${progress.attempts} attempt(s)`,
    { cause: progress.lastError, details: { operation, attempts: progress.attempts } },
  );
}

export function aborted(policy: RetryPolicy, progress: CallProgress, reason: unknown): OutriderError {
  const { operation } = policy;
  return new OutriderError('OUTRIDER_ABORTED', `${operation}: aborted after ${progress.attempts} attempt(s)`, {
    cause: reason,
    details: { operation, attempts: progress.attempts },
  });
}

export function attemptTimedOut(policy: RetryPolicy, attempt: number): OutriderError {
  const { operation, timeout } = policy;
  return new OutriderError('OUTRIDER_TIMEOUT', `${operation}: attempt ${attempt} did not finish within ${timeout} ms`, {
    details: { operation, attempt, timeoutMs: timeout },
  });
}

export function exhausted(policy: RetryPolicy, progress: CallProgress, failure: unknown): OutriderError {
  const { operation } = policy;
  const message = failure instanceof Error ? failure.message : String(failure);
  return retryErrors.create(
    'OUTRIDER_RETRY_EXHAUSTED',
    `${operation} failed after ${progress.attempts} attempt(s): ${message}`,
    { cause: failure, details: { operation, attempts: progress.attempts } },
  );
}
