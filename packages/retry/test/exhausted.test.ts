import { isOutriderError, ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

describe('when every attempt fails', () => {
  it('rejects with OUTRIDER_RETRY_EXHAUSTED, the attempt count and the last failure as cause', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(10, 'never');
    const result = await drive(clock, withRetry(fn, { retries: 2, minDelay: 10, clock, operation: 'fetch-quotes' }));

    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(isOutriderError(error, 'OUTRIDER_RETRY_EXHAUSTED')).toBe(true);
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({
      message: 'fetch-quotes failed after 3 attempt(s): fail 3',
      details: { operation: 'fetch-quotes', attempts: 3 },
    });
    expect((error as Error).cause).toEqual(new Error('fail 3'));
  });

  it('makes exactly one attempt with retries: 0', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(1, 'ok');
    const result = await drive(clock, withRetry(fn, { retries: 0, clock }));
    expect(calls).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'OUTRIDER_RETRY_EXHAUSTED', details: { attempts: 1 } } });
  });

  it('keeps a thrown non-Error value as the cause', async () => {
    const clock = new ManualClock();
    const result = await drive(
      clock,
      withRetry(
        () => {
          throw 'plain string';
        },
        { retries: 1, minDelay: 1, clock },
      ),
    );
    expect(result).toMatchObject({ ok: false, error: { cause: 'plain string' } });
  });
});
