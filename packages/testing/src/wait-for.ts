import { inspect } from 'node:util';

export interface WaitForOptions {
  /** Longest wait in ms before failing (default 10 000): a bound on failure, not a pause, so keep it generous. */
  readonly timeout?: number;
  /** Pause in ms between two calls of the predicate (default 20). */
  readonly interval?: number;
  /** What is awaited, for the timeout error; a function is read only when the wait fails (say, a process's output). */
  readonly what?: string | (() => string);
}

type Outcome = { readonly value: unknown } | { readonly error: unknown };

/** Resolved values that mean "not yet". */
function pending(value: unknown): boolean {
  return value === undefined || value === null || value === false;
}

function shown(outcome: Outcome): string {
  if ('error' in outcome) {
    const { error } = outcome;
    return `last error: ${error instanceof Error ? error.message : inspect(error)}`;
  }
  const value = inspect(outcome.value, { depth: 3, breakLength: Number.POSITIVE_INFINITY, maxStringLength: 300 });
  return `last value: ${value}`;
}

/** The predicate's outcome, or undefined when it has not settled within `ms`. */
async function settleWithin<T>(predicate: () => T | Promise<T>, ms: number): Promise<Outcome | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const call = Promise.resolve()
    .then(predicate)
    .then(
      (value): Outcome => ({ value }),
      (error: unknown): Outcome => ({ error }),
    );
  try {
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `predicate` until it returns (or resolves to) something other than `undefined`, `null` or `false`,
 * and resolves with that value. A throwing predicate counts as "not yet" (a server still starting refuses the
 * connection). Past `timeout` it rejects with an error naming what it waited for and the last value or error
 * seen; a call still running at the deadline is not waited for. For real I/O only: when a test controls time,
 * it steps its `ManualClock` instead.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const { timeout = 10_000, interval = 20, what = 'the condition' } = options;
  const deadline = performance.now() + timeout;
  let last: Outcome | undefined;
  let running = false;
  for (;;) {
    const outcome = await settleWithin(predicate, Math.max(deadline - performance.now(), 0));
    if (outcome === undefined) {
      running = true;
      break;
    }
    if ('value' in outcome && !pending(outcome.value)) return outcome.value as Exclude<T, undefined | null | false>;
    last = outcome;
    if (performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const seen = [last === undefined ? undefined : shown(last), running ? 'a call still running' : undefined]
    .filter((part) => part !== undefined)
    .join('; ');
  throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what} (${seen})`);
}
