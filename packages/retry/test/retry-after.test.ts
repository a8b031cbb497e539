import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

class RateLimited extends Error {
  constructor(readonly retryAfter: unknown) {
    super('429');
  }
}

describe('retryAfter hint', () => {
  it('waits the hinted ms instead of the backoff', async () => {
    const clock = new ManualClock();
    const { fn } = flaky(1, 'ok', () => new RateLimited(7_500));
    const result = await drive(clock, withRetry(fn, { minDelay: 10, jitter: false, clock }));
    expect(result).toEqual({ ok: true, value: 'ok', at: 7_500 });
  });

  it('waits until a Date', async () => {
    const clock = new ManualClock(1_000_000);
    const { fn } = flaky(1, 'ok', () => new RateLimited(new Date(1_003_000)));
    const result = await drive(clock, withRetry(fn, { minDelay: 10, clock }));
    expect(result).toEqual({ ok: true, value: 'ok', at: 1_003_000 });
  });

  it('reads a string as an HTTP Retry-After header: seconds or an HTTP-date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryAfterMs(new RateLimited('120'), now)).toBe(120_000);
    expect(retryAfterMs(new RateLimited('Wed, 21 Oct 2015 07:28:30 GMT'), now)).toBe(30_000);
    expect(retryAfterMs(new RateLimited('Wed, 21 Oct 2015 07:00:00 GMT'), now)).toBe(0);
    expect(retryAfterMs(new RateLimited('soon'), now)).toBeUndefined();
    expect(retryAfterMs(new RateLimited(-5), now)).toBeUndefined();
    expect(retryAfterMs(new Error('no hint'), now)).toBeUndefined();
  });

  it('fails with OUTRIDER_DEADLINE_PASSED when the hint reaches past the deadline', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(1, 'ok', () => new RateLimited('3600'));
    const result = await drive(clock, withRetry(fn, { deadline: 10_000, clock }));
    expect(calls).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, at: 0, error: { code: 'OUTRIDER_DEADLINE_PASSED' } });
  });
});
