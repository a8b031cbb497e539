import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { FullReplaceAdapter, type MuxMessage } from '../src/index.js';
import { connectedMux, tickerOf, upbitRequest } from './mux-fixture.js';

// Four subscription scenarios against an Upbit-style upstream that records what it receives.
describe('subscription scenarios (full-replace upstream)', () => {
  it('initial subscribe, second client with snapshot + realtime, partial unsubscribe, client exit', async () => {
    const { upstream, mux, flush } = await connectedMux(new FullReplaceAdapter());
    const chart: MuxMessage[] = [];
    const coinlist: MuxMessage[] = [];

    // 1. chart_component subscribes KRW-BTC realtime.
    const client1 = mux.client('chart_component');
    client1.subscribe('ticker', ['KRW-BTC'], (message) => {
      chart.push(message);
    });
    await flush();
    expect(await upstream.receivedCount(1)).toEqual([
      upbitRequest({ type: 'ticker', codes: ['KRW-BTC'], isOnlyRealtime: true }),
    ]);

    // 2. coinlist_component asks for a snapshot and realtime of KRW-ETH and KRW-XRP in one tick:
    // one request that fetches the snapshot and re-sends the live realtime set with it.
    const client2 = mux.client('coinlist_component');
    const snapshot = client2.snapshot('ticker', ['KRW-ETH', 'KRW-XRP']);
    client2.subscribe('ticker', ['KRW-ETH', 'KRW-XRP'], (message) => {
      coinlist.push(message);
    });
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual(
      upbitRequest(
        { type: 'ticker', codes: ['KRW-ETH', 'KRW-XRP'], isOnlySnapshot: true },
        { type: 'ticker', codes: ['KRW-BTC', 'KRW-ETH', 'KRW-XRP'], isOnlyRealtime: true },
      ),
    );
    upstream.push(tickerOf('KRW-ETH', 'SNAPSHOT', 3_000));
    upstream.push(tickerOf('KRW-XRP', 'SNAPSHOT', 700));
    const snapshots = await snapshot;
    expect([...snapshots.keys()].sort()).toEqual(['KRW-ETH', 'KRW-XRP']);
    expect(snapshots.get('KRW-ETH')?.data).toMatchObject({ trade_price: 3_000 });
    expect(snapshots.get('KRW-XRP')?.snapshot).toBe(true);

    upstream.push(tickerOf('KRW-BTC', 'REALTIME', 90_000));
    upstream.push(tickerOf('KRW-XRP', 'REALTIME', 710));
    await waitFor(() => chart.length === 1 && coinlist.length === 3, { what: 'realtime routing' });
    expect(chart.map((message) => message.key)).toEqual(['KRW-BTC']);
    expect(coinlist.map((message) => `${message.key}:${message.snapshot}`)).toEqual([
      'KRW-ETH:true',
      'KRW-XRP:true',
      'KRW-XRP:false',
    ]);

    // 3. coinlist_component stops KRW-XRP: the full remaining set is re-sent.
    client2.unsubscribe('ticker', ['KRW-XRP']);
    await flush();
    expect((await upstream.receivedCount(3))[2]).toEqual(
      upbitRequest({ type: 'ticker', codes: ['KRW-BTC', 'KRW-ETH'], isOnlyRealtime: true }),
    );

    // 4. chart_component exits: only its key goes.
    client1.dispose();
    await flush();
    expect((await upstream.receivedCount(4))[3]).toEqual(
      upbitRequest({ type: 'ticker', codes: ['KRW-ETH'], isOnlyRealtime: true }),
    );
    expect(mux.subscriptions()).toEqual(new Map([['ticker', ['KRW-ETH']]]));

    // A late KRW-BTC message reaches nobody and is counted as unrouted.
    upstream.push(tickerOf('KRW-BTC', 'REALTIME'));
    upstream.push(tickerOf('KRW-ETH', 'REALTIME'));
    await waitFor(() => coinlist.length === 4, { what: 'the KRW-ETH update' });
    expect(chart).toHaveLength(1);
    expect(mux.stats().droppedUnrouted).toBe(1);
    await upstream.settle();
    expect(upstream.received).toHaveLength(4);
  });

  it('rejects a snapshot with OUTRIDER_TIMEOUT naming the keys that never came', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(new FullReplaceAdapter(), { snapshotTimeout: '1s' });
    const client = mux.client('c');
    const snapshot = client.snapshot('ticker', ['KRW-BTC', 'KRW-ETH']);
    const outcome = snapshot.catch((error: unknown) => error);
    await flush();
    await upstream.receivedCount(1);
    upstream.push(tickerOf('KRW-BTC', 'SNAPSHOT'));
    await waitFor(() => mux.stats().messagesReceived === 1, { what: 'the snapshot message' });
    await clock.advance(1_000);
    expect(await outcome).toMatchObject({ code: 'OUTRIDER_TIMEOUT', details: { missing: ['KRW-ETH'] } });
  });
});
