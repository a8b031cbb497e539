import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { type RetryEvent, withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

describe('backoff', () => {
  it('waits minDelay × factor^n between attempts, capped at maxDelay, on the injected clock', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(4, 'ok');
    const events: RetryEvent[] = [];
    const startedAt: number[] = [];
    const result = await drive(
      clock,
      withRetry(
        async () => {
          startedAt.push(clock.now());
          return fn();
        },
        {
          retries: 5,
          minDelay: 100,
          factor: 3,
          maxDelay: 1_000,
          jitter: false,
          clock,
          onRetry: (event) => events.push(event),
        },
      ),
    );

    expect(result).toMatchObject({ ok: true, value: 'ok' });
    expect(calls).toHaveLength(5);
    expect(events.map((event) => event.delay)).toEqual([100, 300, 900, 1_000]);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3, 4]);
    expect(startedAt).toEqual([0, 100, 400, 1_300, 2_300]);
  });

  it('jitters each delay into [delay/2, delay] with the injected random source', async () => {
    const clock = new ManualClock();
    const { fn } = flaky(2, 'ok');
    const delays: number[] = [];
    const randoms = [0, 1];
    await drive(
      clock,
      withRetry(fn, {
        minDelay: 1_000,
        clock,
        random: () => randoms.shift() ?? 0.5,
        onRetry: ({ delay }) => delays.push(delay),
      }),
    );
    expect(delays).toEqual([500, 2_000]);
  });

  it('returns at once, with no timer, when the first attempt succeeds', async () => {
    const clock = new ManualClock();
    await expect(withRetry(() => 42, { clock })).resolves.toBe(42);
    expect(clock.pendingTimers).toBe(0);
  });

  it('tells each attempt its number', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    await drive(
      clock,
      withRetry(
        ({ attempt }) => {
          seen.push(attempt);
          if (attempt < 3) throw new Error('again');
          return attempt;
        },
        { clock, minDelay: 1 },
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });
});
