import type { ManualClock } from '@outrider/core';

export type Settled<T> = { ok: true; value: T; at: number } | { ok: false; error: unknown; at: number };

/** Runs `clock` timer by timer until `promise` settles; reports how and at what virtual time. */
export async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<Settled<T>> {
  let settled: Settled<T> | undefined;
  promise.then(
    (value) => {
      settled = { ok: true, value, at: clock.now() };
    },
    (error: unknown) => {
      settled = { ok: false, error, at: clock.now() };
    },
  );
  await clock.runUntil(() => settled !== undefined);
  return settled as Settled<T>;
}

/** A function that fails `failures` times with errors from `make`, then returns `value`; counts its calls. */
export function flaky<T>(
  failures: number,
  value: T,
  make: (call: number) => unknown = (call) => new Error(`fail ${call}`),
) {
  const calls: number[] = [];
  const fn = async () => {
    calls.push(calls.length + 1);
    if (calls.length <= failures) throw make(calls.length);
    return value;
  };
  return { fn, calls };
}
