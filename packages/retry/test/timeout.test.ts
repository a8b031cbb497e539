import { ManualClock, sleep } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { drive } from './drive.js';

describe('per-attempt timeout', () => {
  it('fails a slow attempt with OUTRIDER_TIMEOUT, aborts its signal, and retries', async () => {
    const clock = new ManualClock();
    const abortedAt: number[] = [];
    const result = await drive(
      clock,
      withRetry(
        async ({ attempt, signal }) => {
          signal.addEventListener('abort', () => abortedAt.push(clock.now()));
          await sleep(clock, attempt === 1 ? 10_000 : 50);
          return `attempt ${attempt}`;
        },
        { timeout: 200, minDelay: 100, jitter: false, clock },
      ),
    );
    expect(result).toEqual({ ok: true, value: 'attempt 2', at: 350 });
    expect(abortedAt).toEqual([200]);
  });

  it('retries timeouts even when retryOn would not match them, and reports the last timeout as cause', async () => {
    class HttpError extends Error {}
    const clock = new ManualClock();
    const result = await drive(
      clock,
      withRetry(() => sleep(clock, 60_000), {
        retries: 2,
        timeout: 1_000,
        minDelay: 10,
        jitter: false,
        retryOn: [HttpError],
        clock,
        operation: 'slow',
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      at: 3_030,
      error: {
        code: 'OUTRIDER_RETRY_EXHAUSTED',
        details: { attempts: 3 },
        cause: { code: 'OUTRIDER_TIMEOUT', message: 'slow: attempt 3 did not finish within 1000 ms' },
      },
    });
  });

  it("takes its durations as text: timeout '200ms', minDelay '100ms', deadline '1s'", async () => {
    const clock = new ManualClock();
    const result = await drive(
      clock,
      withRetry(({ attempt }) => sleep(clock, attempt === 1 ? 10_000 : 50).then(() => `attempt ${attempt}`), {
        timeout: '200ms',
        minDelay: '100ms',
        deadline: '1s',
        jitter: false,
        clock,
      }),
    );
    expect(result).toEqual({ ok: true, value: 'attempt 2', at: 350 });
  });

  it('does not time out an attempt that finishes in time', async () => {
    const clock = new ManualClock();
    const result = await drive(
      clock,
      withRetry(() => sleep(clock, 999).then(() => 'done'), { timeout: 1_000, clock }),
    );
    expect(result).toEqual({ ok: true, value: 'done', at: 999 });
    expect(clock.pendingTimers).toBe(0);
  });
});
