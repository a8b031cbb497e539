import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { FullReplaceAdapter, IncrementalAdapter, type MuxMessage } from '../src/index.js';
import { connectedMux, tickerOf, upbitRequest } from './mux-fixture.js';

// A key stays subscribed upstream while any client still wants it: the first client that asked for
// it leaving must not drop it for the others.
describe('reference counting of shared keys', () => {
  it('keeps KRW-BTC subscribed upstream while another client still wants it (full-replace)', async () => {
    const { upstream, mux, flush } = await connectedMux(new FullReplaceAdapter());
    const second: MuxMessage[] = [];
    const first = mux.client('first');
    first.subscribe('ticker', 'KRW-BTC', () => {});
    const other = mux.client('second');
    other.subscribe('ticker', ['KRW-BTC', 'KRW-ETH'], (message) => {
      second.push(message);
    });
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([
      upbitRequest({ type: 'ticker', codes: ['KRW-BTC', 'KRW-ETH'], isOnlyRealtime: true }),
    ]);

    first.dispose();
    await flush();
    await upstream.settle();
    expect(upstream.received).toHaveLength(1); // nothing to change upstream
    expect(mux.subscriptions().get('ticker')).toEqual(['KRW-BTC', 'KRW-ETH']);
    upstream.push(tickerOf('KRW-BTC', 'REALTIME'));
    await waitFor(() => second.length === 1, { what: 'KRW-BTC for the remaining client' });

    other.unsubscribe('ticker', 'KRW-BTC');
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual(
      upbitRequest({ type: 'ticker', codes: ['KRW-ETH'], isOnlyRealtime: true }),
    );
  });

  it('sends no UNSUBSCRIBE until the last holder leaves (incremental)', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const a = mux.client('a');
    const b = mux.client('b');
    a.subscribe('trade', 'btcusdt', () => {});
    b.subscribe('trade', 'btcusdt', () => {});
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([{ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }]);

    a.dispose();
    await flush();
    await upstream.settle();
    expect(upstream.received).toHaveLength(1);

    b.dispose();
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 2 });
    expect(mux.stats().subscriptions).toEqual({});
  });

  it('counts a key once per client: subscribing twice is idempotent and the latest callback wins', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const calls: string[] = [];
    const client = mux.client('twice');
    client.subscribe('trade', 'ethusdt', () => {
      calls.push('old');
    });
    client.subscribe('trade', ['ethusdt', 'ethusdt'], () => {
      calls.push('new');
    });
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([{ method: 'SUBSCRIBE', params: ['ethusdt@trade'], id: 1 }]);
    upstream.push({ stream: 'ethusdt@trade', data: { p: '1' } });
    await waitFor(() => calls.length === 1, { what: 'the trade' });
    await upstream.settle();
    expect(calls).toEqual(['new']);

    client.unsubscribe('trade', 'ethusdt');
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual({ method: 'UNSUBSCRIBE', params: ['ethusdt@trade'], id: 2 });
  });
});
