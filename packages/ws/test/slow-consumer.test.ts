import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { IncrementalAdapter } from '../src/index.js';
import { connectedMux, hold } from './mux-fixture.js';

/** A subscriber whose callback returns a promise it resolves only when told to. */
function slowSubscriber() {
  const seen: number[] = [];
  let release = () => {};
  const callback = (message: { data: unknown }) => {
    seen.push((message.data as { n: number }).n);
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  return { seen, callback, release: () => release() };
}

describe('slow consumers', () => {
  for (const [overflow, kept] of [
    ['drop-oldest', [1, 5, 6, 7]],
    ['drop-newest', [1, 2, 3, 4]],
  ] as const) {
    it(`queues behind a pending callback and drops on overflow (${overflow})`, async () => {
      const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter(), { queue: { size: 3, overflow } });
      const slow = slowSubscriber();
      const fast: number[] = [];
      hold(mux.client('slow')).subscribe('trade', 'btcusdt', slow.callback);
      hold(mux.client('fast')).subscribe('trade', 'btcusdt', (message) => {
        fast.push((message.data as { n: number }).n);
      });
      await flush();
      await upstream.receivedCount(1);

      for (let n = 1; n <= 7; n++) upstream.push({ stream: 'btcusdt@trade', data: { n } });
      await waitFor(() => fast.length === 7, { what: 'the fast subscriber' });
      expect(slow.seen).toEqual([1]); // the rest wait: 3 fit, 3 are dropped
      expect(mux.stats().droppedOverflow).toBe(3);

      while (slow.seen.length < 4) {
        slow.release();
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(slow.seen).toEqual(kept);
      expect(fast).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });
  }
});
