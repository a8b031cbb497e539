import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../src/index.js';

describe('BatchQueue batching', () => {
  it('processes a full batch at once and a partial one after flushInterval', async () => {
    const clock = new ManualClock(0);
    const batches: string[] = [];
    const queue = new BatchQueue<number>({
      clock,
      batchSize: 3,
      flushInterval: '5s',
      process: (batch) => void batches.push(`${batch.join(',')}@${clock.now()}`),
    });

    for (const item of [1, 2, 3, 4, 5]) await queue.push(item);
    await clock.advance(0);
    expect(batches).toEqual(['1,2,3@0']);
    expect(queue.stats()).toMatchObject({ pending: 2, pushed: 5, processed: 3, batches: 1 });

    await clock.advance(4_999);
    expect(batches).toHaveLength(1);
    await clock.advance(1);
    expect(batches).toEqual(['1,2,3@0', '4,5@5000']);
  });

  it('flush() processes everything queued so far, in batches, and resolves when done', async () => {
    const clock = new ManualClock(0);
    const batches: number[][] = [];
    const queue = new BatchQueue<number>({
      clock,
      batchSize: 4,
      flushInterval: '1h',
      process: async (batch) => {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 10));
        batches.push(batch);
      },
    });
    for (let item = 1; item <= 10; item++) await queue.push(item);

    let flushed = false;
    const flush = queue.flush().then(() => {
      flushed = true;
    });
    await clock.advance(20);
    expect(flushed).toBe(false);
    await clock.advance(10);
    await flush;

    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(queue.stats()).toMatchObject({
      pending: 0,
      processed: 10,
      batches: 3,
      lastFlush: new Date(30).toISOString(),
    });
  });

  it('counts a failing batch as failed items, keeps the error and goes on', async () => {
    const clock = new ManualClock(0);
    const queue = new BatchQueue<string>({
      clock,
      batchSize: 2,
      process: (batch) => {
        if (batch.includes('bad')) throw new Error('collector rejected the batch');
      },
    });
    for (const item of ['a', 'bad', 'c', 'd']) await queue.push(item);
    await queue.flush();

    expect(JSON.parse(JSON.stringify(queue.stats()))).toMatchObject({
      name: 'queue',
      processed: 2,
      failed: 2,
      batches: 2,
      failedBatches: 1,
      lastError: 'collector rejected the batch',
    });
  });

  it('rejects bad options with OUTRIDER_INVALID_ARGUMENT', () => {
    const process = () => {};
    const invalid = (option: string) =>
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option } });
    expect(() => new BatchQueue({ process, batchSize: 0 })).toThrow(invalid('batchSize'));
    expect(() => new BatchQueue({ process, maxPending: 1.5 })).toThrow(invalid('maxPending'));
    expect(() => new BatchQueue({ process, flushInterval: '-1s' })).toThrow(invalid('flushInterval'));
    expect(() => new BatchQueue({ process, onFull: 'explode' as never })).toThrow(invalid('onFull'));
    expect(() => new BatchQueue({} as never)).toThrow(invalid('process'));
  });
});
