import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { IncrementalAdapter, type MuxMessage } from '../src/index.js';
import { connectedMux } from './mux-fixture.js';

describe('incremental (Binance-style) upstream', () => {
  it('sends deltas, skips acks and routes combined-stream messages by key and type', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const got: MuxMessage[] = [];
    const client = mux.client('book');
    client.subscribe('depth@100ms', ['btcusdt', 'ethusdt'], (message) => {
      got.push(message);
    });
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([
      { method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'ethusdt@depth@100ms'], id: 1 },
    ]);

    upstream.push({ result: null, id: 1 });
    upstream.push({ stream: 'ethusdt@depth@100ms', data: { bids: [['1', '2']] } });
    await waitFor(() => got.length === 1, { what: 'the depth update' });
    expect(got[0]).toEqual({ type: 'depth@100ms', key: 'ethusdt', data: { bids: [['1', '2']] } });
    expect(mux.stats()).toMatchObject({ messagesReceived: 2, messagesRouted: 1, protocolErrors: 0 });

    // An unsubscribe and a subscribe in one window: one message each way.
    client.unsubscribe('depth@100ms', 'btcusdt');
    client.subscribe('trade', 'solusdt', () => {});
    await flush();
    expect((await upstream.receivedCount(3)).slice(1)).toEqual([
      { method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 2 },
      { method: 'SUBSCRIBE', params: ['solusdt@trade'], id: 3 },
    ]);
  });

  it('nets a subscribe and unsubscribe within one window to no message at all', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const client = mux.client('flicker');
    client.subscribe('trade', 'btcusdt', () => {});
    client.unsubscribe('trade', 'btcusdt');
    await flush();
    await upstream.settle();
    expect(upstream.received).toEqual([]);
  });

  it('takes the next message of a key as its snapshot, holding the key only until then', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const client = mux.client('once');
    const snapshot = client.snapshot('bookTicker', 'btcusdt');
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([{ method: 'SUBSCRIBE', params: ['btcusdt@bookTicker'], id: 1 }]);
    upstream.push({ stream: 'btcusdt@bookTicker', data: { b: '100' } });
    const result = await snapshot;
    expect(result.get('btcusdt')?.data).toEqual({ b: '100' });
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual({
      method: 'UNSUBSCRIBE',
      params: ['btcusdt@bookTicker'],
      id: 2,
    });
  });
});
