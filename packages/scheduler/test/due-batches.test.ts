import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

/** Keeps the thread busy for `ms` of real time, as a job with real work does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** The rest of a sliced batch runs on later event-loop turns: waits for them, at most `turns`. */
async function untilDone(done: () => boolean, turns = 10_000): Promise<void> {
  for (let turn = 0; turn < turns && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('a batch of fires due at one instant', () => {
  it('is fired in slices with the event loop served between them, and every job runs once', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const order: string[] = [];
    for (let i = 0; i < 200; i++) {
      scheduler.add({
        id: `job-${i}`,
        every: '10s',
        run: () => {
          // The first fire asks the event loop for a turn; it must come before the batch is done.
          if (i === 0) setImmediate(() => order.push('event loop'));
          order.push(`job-${i}`);
          busy(0.2);
        },
      });
    }
    scheduler.start();

    await clock.advance(10_000);
    await untilDone(() => order.length === 201);

    const turn = order.indexOf('event loop');
    expect(order.filter((entry) => entry.startsWith('job-'))).toHaveLength(200);
    expect(turn).toBeGreaterThan(0);
    expect(turn).toBeLessThan(order.length - 1);
    expect(scheduler.list().every((job) => job.runs === 1)).toBe(true);
    await scheduler.stop();
  });

  it('stopping between two slices fires nothing more', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let runs = 0;
    let stopped: Promise<void> | undefined;
    for (let i = 0; i < 200; i++) {
      scheduler.add({
        id: `job-${i}`,
        every: '10s',
        run: () => {
          runs++;
          if (i === 0) setImmediate(() => (stopped = scheduler.stop()));
          busy(0.2);
        },
      });
    }
    scheduler.start();

    await clock.advance(10_000);
    await untilDone(() => stopped !== undefined);
    await stopped;
    const atStop = runs;
    await clock.advance(10_000);

    expect(atStop).toBeLessThan(200);
    expect(runs).toBe(atStop);
  });
});
