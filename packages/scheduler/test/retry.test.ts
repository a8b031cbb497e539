import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('retry', () => {
  it('retries a failed run with backoff on the clock; the run counts once', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const attempts: string[] = [];
    scheduler.add({
      id: 'token',
      every: '6h',
      retry: { retries: 3, minDelay: '1s', factor: 2, jitter: false },
      run: (ctx) => {
        attempts.push(`${ctx.attempt}@${clock.now()}`);
        if (ctx.attempt < 3) throw new Error('broker busy');
      },
    });
    scheduler.start();

    await clock.advance(6 * 3_600_000 + 3_000);

    expect(attempts).toEqual(['1@21600000', '2@21601000', '3@21603000']);
    expect(scheduler.get('token')).toMatchObject({
      runs: 1,
      failures: 0,
      lastOutcome: 'success',
      lastDurationMs: 3_000,
    });
    await scheduler.stop();
  });

  it('gives up after the last retry with the last error', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    scheduler.add({
      id: 'token',
      every: '1h',
      retry: { retries: 2, minDelay: 100, jitter: false },
      run: (ctx) => {
        throw new Error(`attempt ${ctx.attempt} failed`);
      },
    });
    scheduler.start();

    const report = scheduler.runNow('token');
    await clock.advance(1_000);

    expect(await report).toMatchObject({ outcome: 'failure', error: 'attempt 3 failed' });
    expect(scheduler.get('token')).toMatchObject({ runs: 1, failures: 1, lastError: 'attempt 3 failed' });
    await scheduler.stop();
  });
});
