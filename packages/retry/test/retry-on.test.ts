import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

class TransientError extends Error {}
class BadRequestError extends Error {}
class ServiceUnavailable extends TransientError {}

describe('retryOn', () => {
  it('retries only instances of the listed classes (subclasses included)', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(2, 'ok', () => new ServiceUnavailable('503'));
    const result = await drive(clock, withRetry(fn, { retryOn: [TransientError], minDelay: 1, clock }));
    expect(result).toMatchObject({ ok: true, value: 'ok' });
    expect(calls).toHaveLength(3);
  });

  it('rethrows any other error unchanged after one attempt, with no wait', async () => {
    const clock = new ManualClock();
    const bad = new BadRequestError('400');
    const { fn, calls } = flaky(5, 'ok', () => bad);
    const result = await drive(clock, withRetry(fn, { retryOn: [TransientError], clock }));
    expect(result).toEqual({ ok: false, error: bad, at: 0 });
    expect(calls).toHaveLength(1);
  });

  it('accepts a single class', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(1, 'ok', () => new BadRequestError('400'));
    const result = await drive(clock, withRetry(fn, { retryOn: TransientError, clock }));
    expect(result.ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('accepts a predicate that sees the error and the attempt number', async () => {
    const clock = new ManualClock();
    const seen: Array<[string, number]> = [];
    const { fn, calls } = flaky(5, 'ok', (call) => Object.assign(new Error('http'), { status: call < 3 ? 503 : 404 }));
    const result = await drive(
      clock,
      withRetry(fn, {
        minDelay: 1,
        clock,
        retryOn: (error, attempt) => {
          const status = (error as { status: number }).status;
          seen.push([String(status), attempt]);
          return status >= 500;
        },
      }),
    );
    expect(result).toMatchObject({ ok: false, error: { status: 404 } });
    expect(calls).toHaveLength(3);
    expect(seen).toEqual([
      ['503', 1],
      ['503', 2],
      ['404', 3],
    ]);
  });

  it('retries TypeErrors by default, unlike bare p-retry (fetch reports network failures as TypeError)', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(2, 'ok', () => new TypeError('fetch failed'));
    const result = await drive(clock, withRetry(fn, { minDelay: 1, clock }));
    expect(result).toMatchObject({ ok: true, value: 'ok' });
    expect(calls).toHaveLength(3);
  });

  it('retries a TypeError that retryOn lists', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(1, 'ok', () => new TypeError('x is not a function'));
    const result = await drive(clock, withRetry(fn, { retryOn: [TypeError], minDelay: 1, clock }));
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(2);
  });
});
