import { ManualClock, ModuleManager } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../src/index.js';

describe('BatchQueue stop', () => {
  it('drains what is queued, then takes no more (OUTRIDER_QUEUE_CLOSED)', async () => {
    const clock = new ManualClock(0);
    const processed: number[] = [];
    const queue = new BatchQueue<number>({
      name: 'spans',
      batchSize: 2,
      flushInterval: '1h',
      process: async (batch) => {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 100));
        processed.push(...batch);
      },
    });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(queue);
    await manager.startAll();
    expect(queue.status).toBe('running');
    for (const item of [1, 2, 3, 4, 5]) await queue.push(item);

    const stopped = manager.stopAll();
    await clock.advance(300);
    await stopped;

    expect(processed).toEqual([1, 2, 3, 4, 5]);
    expect(queue.status).toBe('stopped');
    await expect(queue.push(6)).rejects.toMatchObject({ code: 'OUTRIDER_QUEUE_CLOSED', module: 'spans' });
    await queue.stop(); // idempotent
  });

  it('rejects blocked producers, and at the deadline aborts the batch and drops the rest', async () => {
    const clock = new ManualClock(0);
    let batchSignal: AbortSignal | undefined;
    const queue = new BatchQueue<number>({
      clock,
      batchSize: 1,
      maxPending: 1,
      process: (_, { signal }) => {
        batchSignal = signal;
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    await queue.push(1);
    await clock.advance(0); // 1 in flight
    await queue.push(2); // 2 waiting
    const blocked = queue.push(3);

    const deadline = new AbortController();
    const stopped = queue.stop(deadline.signal);
    await expect(blocked).rejects.toMatchObject({ code: 'OUTRIDER_QUEUE_CLOSED' });
    deadline.abort();
    await stopped;

    expect(batchSignal?.aborted).toBe(true);
    expect(queue.stats()).toMatchObject({ state: 'stopped', pending: 0, dropped: 1 });
  });

  it('reports its metrics when given a registry', async () => {
    const clock = new ManualClock(0);
    const registry = new Registry();
    const queue = new BatchQueue<number>({
      clock,
      registry,
      name: 'logs',
      batchSize: 2,
      maxPending: 2,
      onFull: 'reject',
      process: (batch) => {
        if (batch.includes(3)) throw new Error('no');
      },
    });
    for (const item of [1, 2, 3, 4]) await queue.push(item);
    await queue.push(5);
    await queue.push(6);
    // 5 and 6 fill maxPending until the batch loop takes them, on the next microtask.
    await expect(queue.push(7)).rejects.toMatchObject({ code: 'OUTRIDER_QUEUE_FULL' });
    await queue.flush();

    const text = await registry.metrics();
    expect(text).toContain('outrider_queue_items_total{queue="logs",outcome="processed"} 4');
    expect(text).toContain('outrider_queue_items_total{queue="logs",outcome="failed"} 2');
    expect(text).toContain('outrider_queue_items_total{queue="logs",outcome="rejected"} 1');
    expect(text).toContain('outrider_queue_pending{queue="logs"} 0');
    expect(text).toContain('outrider_queue_batch_duration_seconds_count{queue="logs"} 3');
  });
});
