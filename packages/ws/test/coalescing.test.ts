import { describe, expect, it } from 'vitest';
import { FullReplaceAdapter, IncrementalAdapter } from '../src/index.js';
import { COALESCE_MS, connectedMux, hold, upbitRequest } from './mux-fixture.js';

describe('coalescing and rate limiting of outgoing subscription messages', () => {
  it('turns ten subscribe calls in one tick into one upstream message', async () => {
    const { upstream, mux, clock } = await connectedMux(new IncrementalAdapter());
    for (let n = 0; n < 10; n++) hold(mux.client(`c${n}`)).subscribe('trade', `sym${n}`, () => {});
    await clock.advance(COALESCE_MS - 1);
    await upstream.settle();
    expect(upstream.received).toEqual([]); // still inside the window
    await clock.advance(1);
    const received = await upstream.receivedCount(1);
    await upstream.settle();
    expect(received).toEqual([
      { method: 'SUBSCRIBE', params: Array.from({ length: 10 }, (_, n) => `sym${n}@trade`), id: 1 },
    ]);
  });

  it('holds messages beyond the rate limit and merges the changes made meanwhile', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(new FullReplaceAdapter(), {
      rateLimit: { messages: 2, interval: '1s' },
    });
    const client = mux.client('c');
    for (const code of ['KRW-A', 'KRW-B', 'KRW-C', 'KRW-D', 'KRW-E']) {
      client.subscribe('ticker', code, () => {});
      await flush(); // each change in its own window
    }
    await upstream.receivedCount(2);
    await upstream.settle();
    expect(upstream.received).toHaveLength(2); // the limit: 2 per second

    await clock.advance(1_000 - 4 * COALESCE_MS);
    const received = await upstream.receivedCount(3);
    await upstream.settle();
    expect(received).toHaveLength(3);
    // The three changes that waited went out as one full request.
    expect(received[2]).toEqual(
      upbitRequest({ type: 'ticker', codes: ['KRW-A', 'KRW-B', 'KRW-C', 'KRW-D', 'KRW-E'], isOnlyRealtime: true }),
    );
    expect(mux.stats().subscribeMessagesSent).toBe(3);
  });
});
