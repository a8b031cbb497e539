import { ManualClock, ModuleManager } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('Scheduler as a module', () => {
  it('runs under a ModuleManager with its clock; stop waits for a running job', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler();
    const journal: string[] = [];
    scheduler.add({
      id: 'flush',
      every: '10s',
      run: async () => {
        journal.push(`start@${clock.now()}`);
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 3_000));
        journal.push(`end@${clock.now()}`);
      },
    });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(scheduler);
    await manager.startAll();
    expect(scheduler.status).toBe('running');
    expect(await scheduler.health()).toEqual({ status: 'healthy' });
    await clock.advance(11_000);

    const stopped = manager.stopAll();
    await clock.advance(0);
    expect(scheduler.status).toBe('stopping');
    await clock.advance(2_000);
    await stopped;

    expect(journal).toEqual(['start@10000', 'end@13000']);
    expect(scheduler.status).toBe('stopped');
    expect(scheduler.get('flush')).toMatchObject({ runs: 1, nextRun: null });
  });

  it('aborts the signal of runs still going at the stop deadline, and fires nothing after', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let reason: unknown;
    let runs = 0;
    scheduler.add({
      id: 'long',
      every: '1s',
      run: (ctx) => {
        runs++;
        return new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            reason = ctx.signal.reason;
            resolve();
          });
        });
      },
    });
    scheduler.start();
    await clock.advance(1_000);

    const deadline = new AbortController();
    const stopped = scheduler.stop(deadline.signal);
    await clock.advance(5_000);
    expect(reason).toBeUndefined();
    deadline.abort();
    await stopped;

    expect(reason).toMatchObject({ code: 'OUTRIDER_ABORTED' });
    await clock.advance(10_000);
    expect(runs).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop is idempotent and safe before start; start after stop schedules again', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    let runs = 0;
    scheduler.add({ id: 'tick', every: '1s', run: () => void runs++ });

    await scheduler.stop();
    await Promise.all([scheduler.stop(), scheduler.stop()]);
    expect(scheduler.status).toBe('stopped');
    await clock.advance(5_000);
    expect(runs).toBe(0);

    scheduler.start();
    await clock.advance(2_000);
    await Promise.all([scheduler.stop(), scheduler.stop()]);
    await clock.advance(2_000);
    expect(runs).toBe(2);
    expect(await scheduler.health()).toMatchObject({ status: 'unhealthy' });
  });

  it('reports degraded health while a job is failing', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler({ clock });
    scheduler.add({
      id: 'broken',
      every: '1s',
      run: () => {
        throw new Error('nope');
      },
    });
    scheduler.start();
    await clock.advance(1_000);

    expect(scheduler.health()).toEqual({ status: 'degraded', detail: 'failing: broken' });
    await scheduler.stop();
  });
});
