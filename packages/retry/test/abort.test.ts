import { ManualClock, sleep } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { flaky } from './drive.js';

describe('AbortSignal', () => {
  it('stops a backoff wait immediately, without moving the clock', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { fn, calls } = flaky(10, 'ok');
    const call = withRetry(fn, { minDelay: 60_000, clock, signal: controller.signal, operation: 'upload' });
    await clock.advance(0); // first attempt fails, the 60 s wait begins
    expect(calls).toHaveLength(1);
    controller.abort(new Error('shutting down'));
    await expect(call).rejects.toMatchObject({
      code: 'OUTRIDER_ABORTED',
      message: 'upload: aborted after 1 attempt(s)',
      cause: { message: 'shutting down' },
    });
    expect(clock.now()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops a running attempt immediately and aborts its signal', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const call = withRetry(
      async ({ signal }) => {
        attemptSignal = signal;
        await sleep(clock, 60_000);
      },
      { clock, signal: controller.signal },
    );
    await clock.advance(10);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'OUTRIDER_ABORTED' });
    expect(attemptSignal?.aborted).toBe(true);
  });

  it('makes no attempt when the signal is already aborted', async () => {
    const { fn, calls } = flaky(0, 'ok');
    await expect(withRetry(fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'OUTRIDER_ABORTED' });
    expect(calls).toHaveLength(0);
  });
});
