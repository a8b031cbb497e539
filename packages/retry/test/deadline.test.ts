import { ManualClock, sleep } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

describe('deadline', () => {
  it('ends a call mid-attempt when the deadline passes, with the last failure as cause', async () => {
    const clock = new ManualClock();
    let signalAborted = false;
    const result = await drive(
      clock,
      withRetry(
        async ({ attempt, signal }) => {
          if (attempt === 1) throw new Error('first failed');
          signal.addEventListener('abort', () => {
            signalAborted = true;
          });
          await sleep(clock, 60_000);
        },
        { deadline: 5_000, minDelay: 1_000, jitter: false, clock, operation: 'sync' },
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      at: 5_000,
      error: {
        code: 'OUTRIDER_DEADLINE_PASSED',
        message: 'sync: deadline passed after 2 attempt(s)',
        details: { attempts: 2 },
        cause: { message: 'first failed' },
      },
    });
    expect(signalAborted).toBe(true);
    expect(clock.pendingTimers).toBe(1); // only the abandoned attempt's own sleep
  });

  it('fails at once when the next backoff would end past the deadline, instead of sleeping into it', async () => {
    const clock = new ManualClock();
    const { fn, calls } = flaky(10, 'ok');
    const result = await drive(
      clock,
      withRetry(fn, { retries: Number.POSITIVE_INFINITY, deadline: 1_000, minDelay: 300, jitter: false, clock }),
    );
    // Attempts at 0, 300 and 900; the next wait (1200) would end past 1000, so it fails at 900.
    expect(calls).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, at: 900, error: { code: 'OUTRIDER_DEADLINE_PASSED' } });
  });

  it('accepts a Date, compared with the clock', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const result = await drive(
      clock,
      withRetry(() => sleep(clock, 60_000), { deadline: new Date('2030-01-01T00:00:02Z'), clock }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'OUTRIDER_DEADLINE_PASSED' } });
    expect(result.at - Date.parse('2030-01-01T00:00:00Z')).toBe(2_000);
  });

  it('makes no attempt when a Date deadline has already passed', async () => {
    const clock = new ManualClock(10_000);
    let calls = 0;
    const result = await drive(
      clock,
      withRetry(
        () => {
          calls += 1;
        },
        { deadline: new Date(5_000), clock },
      ),
    );
    expect(calls).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'OUTRIDER_DEADLINE_PASSED', details: { attempts: 0 } } });
  });

  it('clears its deadline timer when the call succeeds', async () => {
    const clock = new ManualClock();
    await expect(withRetry(() => 'fast', { deadline: 60_000, clock })).resolves.toBe('fast');
    expect(clock.pendingTimers).toBe(0);
  });
});
