import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { type JobContext, Scheduler } from '../src/index.js';

describe('interval jobs', () => {
  it('fire at start + k × every, with the context filled in', async () => {
    const clock = new ManualClock(1_000_000);
    const scheduler = new Scheduler({ clock });
    const seen: JobContext[] = [];
    scheduler.add({ id: 'prices', every: '31s', run: (ctx) => void seen.push(ctx) });
    scheduler.start();

    await clock.advance(30_999);
    expect(seen).toHaveLength(0);
    await clock.advance(1);
    await clock.advance(62_000);

    expect(seen.map((ctx) => ctx.scheduledAt)).toEqual([1_031_000, 1_062_000, 1_093_000]);
    expect(seen[0]).toMatchObject({ jobId: 'prices', attempt: 1, trigger: 'schedule' });
    expect(seen[0]?.signal.aborted).toBe(false);
    expect(scheduler.get('prices')).toMatchObject({
      trigger: 'every 31s',
      runs: 3,
      nextRun: new Date(1_124_000).toISOString(),
      lastRun: new Date(1_093_000).toISOString(),
      lastOutcome: 'success',
    });
    await scheduler.stop();
  });

  it('keep a fixed rate: a slow run does not push the next fire back', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const starts: number[] = [];
    scheduler.add({
      id: 'slow',
      every: '10s',
      maxInstances: 2,
      run: async () => {
        starts.push(clock.now());
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 7_000));
      },
    });
    scheduler.start();

    await clock.advance(40_000);

    expect(starts).toEqual([10_000, 20_000, 30_000, 40_000]);
    expect(scheduler.get('slow').lastDurationMs).toBe(7_000);
    const stopped = scheduler.stop();
    await clock.advance(7_000);
    await stopped;
    expect(starts).toHaveLength(4);
  });

  it('accepts composite durations and plain milliseconds', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let long = 0;
    let short = 0;
    scheduler.add({ id: 'long', every: '1h30m', run: () => void long++ });
    scheduler.add({ id: 'short', every: 250, run: () => void short++ });
    scheduler.start();

    await clock.advance(3 * 5_400_000);

    expect(long).toBe(3);
    expect(short).toBe((3 * 5_400_000) / 250);
    expect(scheduler.list().map((job) => job.trigger)).toEqual(['every 1h30m', 'every 250ms']);
    await scheduler.stop();
  });
});
