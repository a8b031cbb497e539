import { backoffDelay, type Duration } from '@outrider/core';

export interface ReconnectOptions {
  /** Delay before each attempt after a drop; the last repeats. Default 1, 2, 5, 10, 30 s. */
  delays?: readonly Duration[];
  /** Spread each delay over [delay/2, delay] so many clients do not reconnect in step. Default true. */
  jitter?: boolean;
}

export const defaultReconnectDelays: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

/** The delay before reconnect attempt `attempt` (1-based): the step for it, jittered like core's backoff. */
export function reconnectDelay(
  attempt: number,
  delaysMs: readonly number[],
  jitter: boolean,
  random: () => number,
): number {
  const step = delaysMs[Math.min(attempt, delaysMs.length) - 1] as number;
  return backoffDelay(1, { minDelay: step, maxDelay: step, jitter }, random);
}
