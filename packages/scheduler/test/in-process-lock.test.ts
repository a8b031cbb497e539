import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { InProcessLockProvider, Scheduler } from '../src/index.js';

describe('InProcessLockProvider', () => {
  it('shared by two schedulers, lets only one run each fire of a job', async () => {
    const clock = new ManualClock(0);
    const lock = new InProcessLockProvider({ clock });
    const runs: string[] = [];
    const schedulers = ['a', 'b'].map((name) => {
      const scheduler = new Scheduler({ clock, lock, name });
      scheduler.add({
        id: 'rebalance',
        every: '1s',
        run: async () => {
          runs.push(`${name}@${clock.now()}`);
          await new Promise<void>((resolve) => clock.setTimeout(resolve, 100));
        },
      });
      scheduler.start();
      return scheduler;
    });

    await clock.advance(5_000);

    expect(runs).toHaveLength(5);
    expect(runs.map((run) => run.split('@')[1])).toEqual(['1000', '2000', '3000', '4000', '5000']);
    const skipped = schedulers.map((scheduler) => scheduler.get('rebalance').skipped.lock);
    expect((skipped[0] ?? 0) + (skipped[1] ?? 0)).toBe(5);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop(AbortSignal.abort())));
  });

  it('keeps a released lease from other owners for holdMs, but not from its owner', () => {
    const clock = new ManualClock(0);
    const lock = new InProcessLockProvider({ clock });
    const lease = lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 });
    expect(lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeUndefined();

    lease?.release(500);
    expect(lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeUndefined();
    const again = lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 });
    expect(again).toBeDefined();
    again?.release();
    expect(lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeDefined();
  });

  it('treats a lease past its ttl as stale', async () => {
    const clock = new ManualClock(0);
    const lock = new InProcessLockProvider({ clock });
    lock.acquire({ key: 'job', owner: 'a', ttlMs: 1_000 });
    await clock.advance(999);
    expect(lock.acquire({ key: 'job', owner: 'b', ttlMs: 1_000 })).toBeUndefined();
    await clock.advance(1);
    expect(lock.acquire({ key: 'job', owner: 'b', ttlMs: 1_000 })).toBeDefined();
  });
});
