import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';
import { StallingClock } from './skewed-clock.js';

describe('misfireGraceTime', () => {
  it('skips a fire that starts later than the grace time, and runs one within it', async () => {
    const clock = new StallingClock(0);
    const scheduler = new Scheduler({ clock });
    const scheduled: number[] = [];
    scheduler.add({
      id: 'report',
      every: '1m',
      misfireGraceTime: '10s',
      run: (ctx) => void scheduled.push(ctx.scheduledAt),
    });
    scheduler.start();

    clock.stall(20_000); // due at 60 s, starts at 80 s
    await clock.advance(60_000);
    expect(scheduled).toEqual([]);
    expect(scheduler.get('report')).toMatchObject({ runs: 0, skipped: { misfire: 1 } });

    clock.stall(-15_000); // due at 120 s, starts at 125 s
    await clock.advance(60_000);
    expect(scheduled).toEqual([120_000]);
    await scheduler.stop();
  });

  it('has no limit by default: a late fire still runs', async () => {
    const clock = new StallingClock(0);
    const scheduler = new Scheduler({ clock });
    let runs = 0;
    scheduler.add({ id: 'late', every: '1m', run: () => void runs++ });
    scheduler.start();

    clock.stall(50_000);
    await clock.advance(60_000);

    expect(runs).toBe(1);
    await scheduler.stop();
  });
});
