import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('timeout', () => {
  it('aborts the run signal (soft); a run that honours it counts as a timeout', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let reason: unknown;
    scheduler.add({
      id: 'export',
      every: '1m',
      timeout: '5s',
      run: (ctx) =>
        new Promise<void>((_, reject) => {
          ctx.signal.addEventListener('abort', () => {
            reason = ctx.signal.reason;
            reject(ctx.signal.reason);
          });
        }),
    });
    scheduler.start();

    await clock.advance(64_999);
    expect(scheduler.get('export').running).toBe(1);
    await clock.advance(1);

    expect(reason).toMatchObject({ code: 'OUTRIDER_TIMEOUT' });
    expect(scheduler.get('export')).toMatchObject({
      running: 0,
      runs: 1,
      failures: 1,
      timeouts: 1,
      lastOutcome: 'timeout',
      lastDurationMs: 5_000,
    });
    await scheduler.stop();
  });

  it('abandons a run that ignores its signal (hard), frees its slot and ignores its late result', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let finishLate: (() => void) | undefined;
    let starts = 0;
    scheduler.add({
      id: 'stuck',
      every: '10s',
      timeout: '3s',
      abandonAfter: '2s',
      run: () => {
        starts++;
        return new Promise<void>((resolve) => {
          finishLate ??= resolve;
        });
      },
    });
    scheduler.start();

    await clock.advance(14_999);
    expect(scheduler.get('stuck')).toMatchObject({ running: 1, timeouts: 0 });
    await clock.advance(1);
    expect(scheduler.get('stuck')).toMatchObject({ running: 0, timeouts: 1, lastOutcome: 'timeout' });
    expect(scheduler.get('stuck').lastError).toContain('abandoned');

    await clock.advance(5_000); // the next fire at 20 s starts: the slot was freed
    expect(starts).toBe(2);
    finishLate?.();
    await clock.advance(0);
    expect(scheduler.get('stuck')).toMatchObject({ runs: 1, timeouts: 1, running: 1 });
    await scheduler.stop(AbortSignal.abort());
  });

  it('a run that finishes before its timeout is a success and leaves no timer behind', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    scheduler.add({
      id: 'quick',
      every: '1m',
      timeout: '5s',
      run: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 1_000)),
    });
    scheduler.start();

    await clock.advance(61_000);

    expect(scheduler.get('quick')).toMatchObject({ runs: 1, lastOutcome: 'success', timeouts: 0 });
    expect(clock.pendingTimers).toBe(1); // only the scheduler's own
    await scheduler.stop();
  });
});
