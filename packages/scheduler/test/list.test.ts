import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('list()', () => {
  it('is plain JSON with every status field, as served at /api/scheduler/jobs', async () => {
    const clock = new ManualClock(Date.parse('2025-10-10T08:34:29Z'));
    const scheduler = new Scheduler({ clock });
    let fail = false;
    scheduler.add({
      id: 'update_open_orders',
      every: '29s',
      run: async () => {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 120));
        if (fail) throw new Error('exchange timeout');
      },
    });
    scheduler.add({ id: 'send_daily_summary', cron: '3 21 * * *', timezone: 'Asia/Seoul', run: () => {} });
    scheduler.start();
    await clock.advance(29_120);
    fail = true;
    await clock.advance(29_000);

    const listed = JSON.parse(JSON.stringify(scheduler.list()));

    expect(listed).toEqual([
      {
        id: 'update_open_orders',
        trigger: 'every 29s',
        after: [],
        paused: false,
        nextRun: '2025-10-10T08:35:56.000Z',
        lastRun: '2025-10-10T08:35:27.000Z',
        lastDurationMs: 120,
        lastOutcome: 'failure',
        lastError: 'exchange timeout',
        running: 0,
        maxInstances: 1,
        runs: 2,
        failures: 1,
        timeouts: 0,
        skips: 0,
        skipped: { overlap: 0, misfire: 0, coalesced: 0, lock: 0 },
      },
      expect.objectContaining({
        id: 'send_daily_summary',
        trigger: 'cron 3 21 * * * (Asia/Seoul)',
        nextRun: '2025-10-10T12:03:00.000Z',
        lastRun: null,
        lastOutcome: null,
        runs: 0,
      }),
    ]);
    await scheduler.stop();
  });
});
