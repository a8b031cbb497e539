import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('after', () => {
  it('runs a job when every job it names has completed successfully', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    const journal: string[] = [];
    scheduler.add({ id: 'fetch', every: '10s', run: () => void journal.push(`fetch@${clock.now()}`) });
    scheduler.add({ id: 'rates', every: '25s', run: () => void journal.push(`rates@${clock.now()}`) });
    scheduler.add({
      id: 'report',
      after: ['fetch', 'rates'],
      run: (ctx) => void journal.push(`report@${clock.now()}:${ctx.trigger}`),
    });
    scheduler.start();

    await clock.advance(45_000);

    // fetch completing again at 30 s and 40 s is not enough: rates has not run again since.
    expect(journal).toEqual([
      'fetch@10000',
      'fetch@20000',
      'rates@25000',
      'report@25000:after',
      'fetch@30000',
      'fetch@40000',
    ]);
    expect(scheduler.get('report')).toMatchObject({
      trigger: 'after fetch, rates',
      after: ['fetch', 'rates'],
      runs: 1,
    });
    await scheduler.stop();
  });

  it('does not run after a failed run', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let fail = true;
    let downstream = 0;
    scheduler.add({
      id: 'extract',
      every: '1m',
      run: () => {
        if (fail) throw new Error('upstream down');
      },
    });
    scheduler.add({ id: 'load', after: ['extract'], run: () => void downstream++ });
    scheduler.start();

    await clock.advance(60_000);
    expect(downstream).toBe(0);
    expect(scheduler.get('extract')).toMatchObject({ failures: 1, lastError: 'upstream down' });

    fail = false;
    await clock.advance(60_000);
    expect(downstream).toBe(1);
    await scheduler.stop();
  });

  it('names a missing job → OUTRIDER_JOB_INVALID on add; removing a named job is refused', () => {
    const scheduler = new Scheduler();
    expect(() => scheduler.add({ id: 'load', after: ['extract'], run: () => {} })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_JOB_INVALID', details: expect.objectContaining({ field: 'after' }) }),
    );

    scheduler.add({ id: 'extract', every: '1m', run: () => {} });
    scheduler.add({ id: 'load', after: ['extract'], run: () => {} });
    expect(() => scheduler.remove('extract')).toThrow(expect.objectContaining({ code: 'OUTRIDER_JOB_INVALID' }));
    scheduler.remove('load');
    scheduler.remove('extract');
    expect(scheduler.list()).toEqual([]);
  });

  it('refuses a replacement that would close a cycle', () => {
    const scheduler = new Scheduler();
    scheduler.add({ id: 'a', every: '1m', run: () => {} });
    scheduler.add({ id: 'b', after: ['a'], run: () => {} });
    scheduler.add({ id: 'c', after: ['b'], run: () => {} });

    expect(() => scheduler.add({ id: 'a', after: ['c'], replaceExisting: true, run: () => {} })).toThrow(
      expect.objectContaining({
        code: 'OUTRIDER_JOB_INVALID',
        message: expect.stringContaining('a → c → b → a'),
      }),
    );
  });
});
