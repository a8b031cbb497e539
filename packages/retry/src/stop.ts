import { OutriderError, type TimerHandle } from '@outrider/core';
import type { RetryPolicy } from './options.js';

/** What a call knows about its progress, for the errors that end it. */
export interface CallProgress {
  attempts: number;
  lastError: unknown;
}

/** One call's stop signal: aborted by the caller's signal or at the deadline. */
export interface CallStop {
  readonly signal: AbortSignal;
  /** When the deadline falls, on the policy's clock; undefined without one. */
  readonly due: number | undefined;
  dispose(): void;
}

export function deadlinePassed(policy: RetryPolicy, progress: CallProgress): OutriderError {
  const { operation } = policy;
  return new OutriderError(
    'OUTRIDER_DEADLINE_PASSED',
    `${operation}: deadline passed after ${progress.attempts} attempt(s)`,
    { cause: progress.lastError, details: { operation, attempts: progress.attempts } },
  );
}

function aborted(policy: RetryPolicy, progress: CallProgress, reason: unknown): OutriderError {
  const { operation } = policy;
  return new OutriderError('OUTRIDER_ABORTED', `${operation}: aborted after ${progress.attempts} attempt(s)`, {
    cause: reason,
    details: { operation, attempts: progress.attempts },
  });
}

/** Links the caller's signal and the deadline into one signal; undefined when there is neither (the fast path). */
export function callStop(
  policy: RetryPolicy,
  caller: AbortSignal | undefined,
  progress: CallProgress,
): CallStop | undefined {
  const { deadline, clock } = policy;
  if (deadline === undefined && caller === undefined) return undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort(aborted(policy, progress, caller?.reason));
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });

  let timer: TimerHandle | undefined;
  const due =
    deadline === undefined ? undefined : deadline instanceof Date ? deadline.getTime() : clock.now() + deadline;
  if (due !== undefined && !controller.signal.aborted) {
    const expire = () => controller.abort(deadlinePassed(policy, progress));
    const wait = due - clock.now();
    if (wait <= 0) expire();
    else timer = clock.setTimeout(expire, wait);
  }
  return {
    signal: controller.signal,
    due,
    dispose() {
      caller?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
