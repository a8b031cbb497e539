import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

/** A job whose runs wait until released, so the test decides when each finishes. */
function gatedJob() {
  const gates: (() => void)[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    run: () =>
      new Promise<void>((resolve) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        gates.push(() => {
          inFlight--;
          resolve();
        });
      }),
    releaseAll: () => {
      for (const release of gates.splice(0)) release();
    },
    get peak() {
      return peak;
    },
  };
}

describe('maxInstances', () => {
  it('defaults to 1: fires while a run is in flight are skipped and counted', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const job = gatedJob();
    scheduler.add({ id: 'sync', every: '1s', run: job.run });
    scheduler.start();

    await clock.advance(5_000);
    expect(scheduler.get('sync')).toMatchObject({ running: 1, runs: 0, skips: 4, skipped: { overlap: 4 } });
    job.releaseAll();
    await clock.advance(1_000);

    expect(job.peak).toBe(1);
    expect(scheduler.get('sync')).toMatchObject({ runs: 1, running: 1, skipped: { overlap: 4 } });
    job.releaseAll();
    await scheduler.stop();
  });

  it('lets that many runs overlap, and no more', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const job = gatedJob();
    scheduler.add({ id: 'fanout', every: '1s', maxInstances: 3, run: job.run });
    scheduler.start();

    await clock.advance(10_000);

    expect(job.peak).toBe(3);
    expect(scheduler.get('fanout')).toMatchObject({ running: 3, skipped: { overlap: 7 } });
    job.releaseAll();
    await scheduler.stop();
    expect(scheduler.get('fanout')).toMatchObject({ running: 0, runs: 3 });
  });

  it('applies to runNow as well', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const job = gatedJob();
    scheduler.add({ id: 'manual', every: '1h', run: job.run });
    scheduler.start();

    const first = scheduler.runNow('manual');
    const second = await scheduler.runNow('manual');
    job.releaseAll();

    expect(second).toEqual({ jobId: 'manual', outcome: 'skipped', skipReason: 'overlap' });
    expect(await first).toMatchObject({ jobId: 'manual', outcome: 'success' });
    await scheduler.stop();
  });
});
