import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';
import { StallingClock } from './skewed-clock.js';

describe('cron jobs', () => {
  it('fire on the pattern in their timezone (a cache refresh at 03:07 KST)', async () => {
    const clock = new ManualClock(Date.parse('2025-10-10T00:00:00Z'));
    const scheduler = new Scheduler({ clock });
    const fired: string[] = [];
    scheduler.add({
      id: 'precision_cache_update',
      cron: '7 3 * * *',
      timezone: 'Asia/Seoul',
      run: (ctx) => void fired.push(new Date(ctx.scheduledAt).toISOString()),
    });
    scheduler.start();
    expect(scheduler.get('precision_cache_update')).toMatchObject({
      trigger: 'cron 7 3 * * * (Asia/Seoul)',
      nextRun: '2025-10-10T18:07:00.000Z',
    });

    await clock.advance(2 * 86_400_000);

    expect(fired).toEqual(['2025-10-10T18:07:00.000Z', '2025-10-11T18:07:00.000Z']);
    await scheduler.stop();
  });

  it('support six-field patterns with seconds (a daily report at 00:00:13)', async () => {
    const clock = new ManualClock(Date.parse('2025-10-10T00:00:00Z'));
    const scheduler = new Scheduler({ clock });
    const fired: number[] = [];
    scheduler.add({
      id: 'perf',
      cron: '13 0 0 * * *',
      timezone: 'UTC',
      run: (ctx) => void fired.push(ctx.scheduledAt),
    });
    scheduler.start();

    await clock.advance(86_400_000 + 13_000);

    expect(fired).toEqual([Date.parse('2025-10-10T00:00:13Z'), Date.parse('2025-10-11T00:00:13Z')]);
    await scheduler.stop();
  });

  it('coalesce missed cron fires too', async () => {
    const clock = new StallingClock(Date.parse('2025-10-10T00:00:00Z'));
    const scheduler = new Scheduler({ clock });
    const fired: string[] = [];
    scheduler.add({
      id: 'minutely',
      cron: '* * * * *',
      run: (ctx) => void fired.push(new Date(ctx.scheduledAt).toISOString()),
    });
    scheduler.start();

    clock.stall(5 * 60_000); // the 00:01 timer fires at 00:06: fires due at 00:01 … 00:06
    await clock.advance(60_000);

    expect(fired).toEqual(['2025-10-10T00:06:00.000Z']);
    expect(scheduler.get('minutely').skipped.coalesced).toBe(5);
    expect(scheduler.get('minutely').nextRun).toBe('2025-10-10T00:07:00.000Z');
    await scheduler.stop();
  });
});
