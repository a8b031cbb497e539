import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';
import { StallingClock } from './skewed-clock.js';

describe('coalesce', () => {
  it('runs missed fires once by default and counts the rest as coalesced', async () => {
    const clock = new StallingClock(0);
    const scheduler = new Scheduler({ clock });
    const scheduled: number[] = [];
    scheduler.add({ id: 'tick', every: '31s', run: (ctx) => void scheduled.push(ctx.scheduledAt) });
    scheduler.start();

    clock.stall(95_000); // the 31 s timer fires at 126 s: fires due at 31, 62, 93 and 124 s
    await clock.advance(31_000);

    expect(scheduled).toEqual([124_000]);
    expect(scheduler.get('tick')).toMatchObject({ runs: 1, skips: 3, skipped: { coalesced: 3 } });
    expect(scheduler.get('tick').nextRun).toBe(new Date(155_000).toISOString());
    await scheduler.stop();
  });

  it('with coalesce: false runs every missed fire, and maxInstances still applies', async () => {
    const clock = new StallingClock(0);
    const scheduler = new Scheduler({ clock });
    const scheduled: number[] = [];
    scheduler.add({ id: 'sync', every: '31s', coalesce: false, run: (ctx) => void scheduled.push(ctx.scheduledAt) });
    scheduler.add({
      id: 'slow',
      every: '31s',
      coalesce: false,
      run: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 1_000)),
    });
    scheduler.start();

    clock.stall(95_000);
    await clock.advance(31_000);

    expect(scheduled).toEqual([31_000, 62_000, 93_000, 124_000]);
    expect(scheduler.get('slow')).toMatchObject({ running: 1, skips: 3, skipped: { overlap: 3 } });
    await clock.advance(1_000);
    await scheduler.stop();
  });
});
