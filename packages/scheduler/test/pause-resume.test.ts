import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('pause, resume and runNow', () => {
  it('pause stops scheduled fires; resume continues on the same grid without making up missed ones', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const times: number[] = [];
    scheduler.add({ id: 'poll', every: '10s', run: () => void times.push(clock.now()) });
    scheduler.start();
    await clock.advance(10_000);

    scheduler.pause('poll');
    expect(scheduler.get('poll')).toMatchObject({ paused: true, nextRun: null });
    await clock.advance(35_000);
    scheduler.resume('poll');
    await clock.advance(10_000);

    expect(times).toEqual([10_000, 50_000]);
    expect(scheduler.get('poll').skips).toBe(0);
    await scheduler.stop();
  });

  it('a job added paused waits for resume; runNow runs it anyway', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const triggers: string[] = [];
    scheduler.add({ id: 'rebuild', every: '1m', paused: true, run: (ctx) => void triggers.push(ctx.trigger) });
    scheduler.start();
    await clock.advance(120_000);
    expect(triggers).toEqual([]);

    expect(await scheduler.runNow('rebuild')).toMatchObject({ jobId: 'rebuild', outcome: 'success' });
    scheduler.resume('rebuild');
    await clock.advance(60_000);

    expect(triggers).toEqual(['manual', 'schedule']);
  });

  it('unknown ids are OUTRIDER_JOB_UNKNOWN', () => {
    const scheduler = new Scheduler();
    const unknown = expect.objectContaining({ code: 'OUTRIDER_JOB_UNKNOWN', details: { job: 'nope' } });
    expect(() => scheduler.pause('nope')).toThrow(unknown);
    expect(() => scheduler.resume('nope')).toThrow(unknown);
    expect(() => scheduler.remove('nope')).toThrow(unknown);
    expect(() => scheduler.get('nope')).toThrow(unknown);
    expect(() => scheduler.runNow('nope')).toThrow(unknown);
  });
});
