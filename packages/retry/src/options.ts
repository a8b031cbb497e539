import { type Clock, type Duration, OutriderError, parseDuration, systemClock } from '@outrider/core';
import type { Registry } from 'prom-client';

/** An error class, or any constructor whose instances are thrown. */
export type ErrorClass = abstract new (...args: never[]) => unknown;

/**
 * Which failures are retried: error classes (an `instanceof` match on any one retries), or a
 * predicate. Everything else fails at once and is rethrown unchanged.
 */
export type RetryOn = ErrorClass | readonly ErrorClass[] | ((error: unknown, attempt: number) => boolean);

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The operation's name, as in metrics. */
  operation: string;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  error: unknown;
  /** How long the next attempt waits, in ms (a `retryAfter` hint on the error wins over backoff). */
  delay: number;
}

export interface RetryOptions {
  /** Retries after the first attempt: `retries: 3` makes at most 4 attempts. `Infinity` with a deadline. Default 3. */
  retries?: number;
  /** Delay before the first retry. Default `'1s'`. */
  minDelay?: Duration;
  /** Upper bound of a backoff delay. Default `'30s'`. */
  maxDelay?: Duration;
  /** Growth of the delay per attempt, ≥ 1. Default 2. */
  factor?: number;
  /** Jitter each delay into [delay/2, delay] so failing peers do not retry in step. Default true. */
  jitter?: boolean;
  /** Which errors to retry (classes or a predicate). Default: every error. Attempt timeouts are always retried. */
  retryOn?: RetryOn;
  /** Bounds each attempt: the attempt's signal aborts and it fails with OUTRIDER_TIMEOUT. */
  timeout?: Duration;
  /** Bounds the whole call: a duration from the start, or a point in time. Fails with OUTRIDER_DEADLINE_PASSED. */
  deadline?: Duration | Date;
  /** Aborting stops the call at once, mid-attempt or mid-wait, with OUTRIDER_ABORTED. */
  signal?: AbortSignal;
  /** Called after a failed attempt that will be retried, before the wait. */
  onRetry?: (event: RetryEvent) => void;
  /** Names the call in errors and in the `operation` metric label. Default 'anonymous' (decorator: the method name). */
  operation?: string;
  /** When given, attempts are counted in `outrider_retry_attempts_total{operation,outcome}`. */
  registry?: Registry;
  /** Time source for backoff, timeouts and deadlines; inject a ManualClock in tests. */
  clock?: Clock;
  /** Source of jitter; inject for deterministic tests. */
  random?: () => number;
}

/** Options checked once and filled with defaults. */
export interface RetryPolicy {
  readonly retries: number;
  readonly backoff: { minDelay: number; maxDelay: number; factor: number; jitter: boolean };
  readonly shouldRetry: (error: unknown, attempt: number) => boolean;
  readonly timeout: number | undefined;
  readonly deadline: number | Date | undefined;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly operation: string;
  readonly registry: Registry | undefined;
  readonly clock: Clock;
  readonly random: () => number;
}

function invalid(option: string, message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `retry option "${option}" ${message}`, {
    details: { option },
  });
}

function positive(option: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value, option);
  if (ms === 0) throw invalid(option, 'must be more than 0 ms, got 0');
  return ms;
}

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

function toPredicate(retryOn: RetryOn | undefined): (error: unknown, attempt: number) => boolean {
  if (retryOn === undefined) return () => true;
  const classes = Array.isArray(retryOn) ? retryOn : isErrorClass(retryOn) ? [retryOn] : undefined;
  if (classes !== undefined) {
    for (const candidate of classes) {
      if (typeof candidate !== 'function') throw invalid('retryOn', 'must list classes (constructors)');
    }
    return (error) => classes.some((errorClass) => error instanceof errorClass);
  }
  if (typeof retryOn !== 'function')
    throw invalid('retryOn', 'must be an error class, an array of them, or a predicate');
  return retryOn as (error: unknown, attempt: number) => boolean;
}

function checkDeadline(deadline: Duration | Date | undefined): number | Date | undefined {
  if (deadline instanceof Date) {
    if (Number.isNaN(deadline.getTime())) throw invalid('deadline', 'is an invalid Date');
    return deadline;
  }
  return positive('deadline', deadline);
}

/** Validates options (OUTRIDER_INVALID_ARGUMENT naming the option) and applies the defaults. */
export function resolveRetryOptions(options: RetryOptions): RetryPolicy {
  const retries = options.retries ?? 3;
  if (
    typeof retries !== 'number' ||
    retries < 0 ||
    !(Number.isInteger(retries) || retries === Number.POSITIVE_INFINITY)
  ) {
    throw invalid('retries', `must be an integer ≥ 0 or Infinity, got ${String(retries)}`);
  }
  const minDelay = options.minDelay === undefined ? 1000 : parseDuration(options.minDelay, 'minDelay');
  const maxDelay =
    options.maxDelay === undefined ? Math.max(30_000, minDelay) : parseDuration(options.maxDelay, 'maxDelay');
  if (maxDelay < minDelay) throw invalid('maxDelay', `(${maxDelay}) must be ≥ minDelay (${minDelay})`);
  const factor = options.factor ?? 2;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1) {
    throw invalid('factor', `must be a finite number ≥ 1, got ${String(factor)}`);
  }
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') {
    throw invalid('onRetry', 'must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  if (options.operation !== undefined && (typeof options.operation !== 'string' || options.operation === '')) {
    throw invalid('operation', 'must be a non-empty string');
  }
  return {
    retries,
    backoff: { minDelay, maxDelay, factor, jitter: options.jitter ?? true },
    shouldRetry: toPredicate(options.retryOn),
    timeout: positive('timeout', options.timeout),
    deadline: checkDeadline(options.deadline),
    onRetry: options.onRetry,
    operation: options.operation ?? 'anonymous',
    registry: options.registry,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}
