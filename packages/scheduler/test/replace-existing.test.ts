import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('replaceExisting', () => {
  it('a duplicate id without it is OUTRIDER_JOB_DUPLICATE and keeps the first job', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const calls: string[] = [];
    scheduler.add({ id: 'sync', every: '1s', run: () => void calls.push('first') });

    expect(() => scheduler.add({ id: 'sync', every: '2s', run: () => void calls.push('second') })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_JOB_DUPLICATE', details: { job: 'sync' } }),
    );
    scheduler.start();
    await clock.advance(1_000);
    expect(calls).toEqual(['first']);
    await scheduler.stop();
  });

  it('replaces the job: its trigger, function and counters, and the old schedule stops', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const calls: string[] = [];
    scheduler.add({ id: 'sync', every: '1s', run: () => void calls.push(`first@${clock.now()}`) });
    scheduler.start();
    await clock.advance(2_000);

    scheduler.add({
      id: 'sync',
      every: '5s',
      replaceExisting: true,
      run: () => void calls.push(`second@${clock.now()}`),
    });
    await clock.advance(10_000);

    expect(calls).toEqual(['first@1000', 'first@2000', 'second@7000', 'second@12000']);
    expect(scheduler.list()).toHaveLength(1);
    expect(scheduler.get('sync')).toMatchObject({ trigger: 'every 5s', runs: 2 });
    await scheduler.stop();
  });
});
