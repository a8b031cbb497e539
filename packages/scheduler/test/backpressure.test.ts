import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../src/index.js';

/** A process function whose batches finish when the test says so. */
function gated() {
  const gates: (() => void)[] = [];
  const seen: number[][] = [];
  return {
    seen,
    process: (batch: number[]) =>
      new Promise<void>((resolve) => {
        seen.push(batch);
        gates.push(resolve);
      }),
    release: () => gates.shift()?.(),
  };
}

describe('BatchQueue backpressure', () => {
  it("'block': push waits while maxPending items wait, and resumes in order when a batch leaves", async () => {
    const clock = new ManualClock(0);
    const consumer = gated();
    const queue = new BatchQueue<number>({ clock, batchSize: 2, maxPending: 3, process: consumer.process });

    const accepted: number[] = [];
    const pushes = [1, 2, 3, 4, 5, 6, 7].map((item) => queue.push(item).then(() => accepted.push(item)));
    await clock.advance(0);

    // 1,2 in flight; 3,4,5 waiting; 6 and 7 blocked.
    expect(consumer.seen).toEqual([[1, 2]]);
    expect(accepted).toEqual([1, 2, 3, 4, 5]);
    expect(queue.stats()).toMatchObject({ pending: 3, inFlight: 2, waitingProducers: 2 });

    consumer.release();
    await clock.advance(0);
    expect(consumer.seen).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(accepted).toEqual([1, 2, 3, 4, 5, 6, 7]);

    for (let i = 0; i < 3; i++) {
      consumer.release();
      await clock.advance(1_000);
    }
    await Promise.all(pushes);
    expect(consumer.seen.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("'drop-oldest': accepts at once and drops the oldest waiting item", async () => {
    const clock = new ManualClock(0);
    const consumer = gated();
    const queue = new BatchQueue<number>({
      clock,
      batchSize: 10,
      maxPending: 3,
      onFull: 'drop-oldest',
      process: consumer.process,
    });

    for (const item of [1, 2, 3, 4, 5]) await queue.push(item);
    const flushed = queue.flush();
    await clock.advance(0);
    consumer.release();
    await flushed;

    expect(consumer.seen).toEqual([[3, 4, 5]]);
    expect(queue.stats()).toMatchObject({ dropped: 2, processed: 3, pushed: 5 });
  });

  it("'reject': push fails with OUTRIDER_QUEUE_FULL and the item is counted", async () => {
    const clock = new ManualClock(0);
    const queue = new BatchQueue<number>({ clock, batchSize: 10, maxPending: 2, onFull: 'reject', process: () => {} });
    await queue.push(1);
    await queue.push(2);

    await expect(queue.push(3)).rejects.toMatchObject({ code: 'OUTRIDER_QUEUE_FULL', details: { maxPending: 2 } });
    expect(queue.stats()).toMatchObject({ pending: 2, rejected: 1 });
  });
});
