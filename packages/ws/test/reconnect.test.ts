import { ManualClock, type OutriderError } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import {
  FullReplaceAdapter,
  IncrementalAdapter,
  type ReconnectingEvent,
  SubscriptionMultiplexer,
} from '../src/index.js';
import { connectedMux, hold, upbitRequest } from './mux-fixture.js';
import { recordingLogger } from './recording-logger.js';
import { RecordingUpstream } from './upstream.js';

describe('reconnect and restore', () => {
  it('restores exactly the live subscriptions, including changes made while disconnected', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(new FullReplaceAdapter());
    const reconnecting: ReconnectingEvent[] = [];
    mux.on('reconnecting', (event) => reconnecting.push(event));
    const chart = mux.client('chart');
    chart.subscribe('ticker', ['KRW-BTC', 'KRW-ETH'], () => {});
    chart.subscribe('orderbook', 'KRW-BTC', () => {});
    await flush();
    await upstream.receivedCount(1);

    await upstream.kill();
    await waitFor(() => !mux.connected && reconnecting.length === 1, { what: 'the drop to be noticed' });
    expect(mux.status).toBe('degraded');
    expect(mux.health()).toMatchObject({ status: 'degraded' });

    // Made while disconnected: queued, and part of the restore.
    chart.unsubscribe('ticker', 'KRW-ETH');
    hold(mux.client('trades')).subscribe('trade', 'KRW-XRP', () => {});
    await flush();

    await clock.advance(1_000); // attempt 1: the upstream is still down
    await waitFor(() => reconnecting.length === 2, { what: 'the second attempt to be scheduled' });
    expect(reconnecting).toEqual([
      { attempt: 1, delayMs: 1_000 },
      { attempt: 2, delayMs: 2_000 },
    ]);

    await upstream.restart();
    await clock.advance(2_000);
    await waitFor(() => mux.connected, { what: 'the reconnect' });
    expect((await upstream.receivedCount(2))[1]).toEqual(
      upbitRequest(
        { type: 'ticker', codes: ['KRW-BTC'], isOnlyRealtime: true },
        { type: 'orderbook', codes: ['KRW-BTC'], isOnlyRealtime: true },
        { type: 'trade', codes: ['KRW-XRP'], isOnlyRealtime: true },
      ),
    );
    await upstream.settle();
    expect(upstream.received).toHaveLength(2);
    expect(upstream.connections).toBe(2);
    expect(mux.stats().reconnects).toBe(1);
    expect(mux.status).toBe('running');
  });

  it('restores an incremental upstream with one SUBSCRIBE of every live stream', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(new IncrementalAdapter());
    const client = mux.client('c');
    client.subscribe('trade', ['btcusdt', 'ethusdt'], () => {});
    client.subscribe('kline_1m', 'btcusdt', () => {});
    client.unsubscribe('trade', 'ethusdt');
    await flush();
    await upstream.receivedCount(1);

    for (const socket of upstream.sockets) socket.terminate();
    await waitFor(() => !mux.connected, { what: 'the drop' });
    await clock.advance(1_000);
    await waitFor(() => mux.connected, { what: 'the reconnect' });
    expect((await upstream.receivedCount(2))[1]).toEqual({
      method: 'SUBSCRIBE',
      params: ['btcusdt@trade', 'btcusdt@kline_1m'],
      id: 2,
    });
  });

  it('emits unavailable and logs critically when a whole reconnect schedule fails, then keeps trying', async () => {
    const upstream = await RecordingUpstream.start();
    await upstream.kill();
    const clock = new ManualClock();
    const logger = recordingLogger();
    const mux = new SubscriptionMultiplexer({
      url: upstream.url,
      adapter: new IncrementalAdapter(),
      clock,
      logger,
      heartbeat: false,
      reconnect: { delays: ['100ms', 200], jitter: false },
    });
    const unavailable: OutriderError[] = [];
    const reconnecting: ReconnectingEvent[] = [];
    mux.on('unavailable', (error) => unavailable.push(error));
    mux.on('reconnecting', (event) => reconnecting.push(event));
    try {
      mux.start();
      await waitFor(() => reconnecting.length === 1, { what: 'the first failure' });
      await clock.advance(100);
      await waitFor(() => unavailable.length === 1, { what: 'unavailable' });
      expect(unavailable[0]?.code).toBe('OUTRIDER_WS_UNAVAILABLE');
      expect(mux.health().status).toBe('unhealthy');
      expect(logger.lines.some((line) => line.level === 'error' && line.bindings.critical === true)).toBe(true);
      expect(reconnecting.map((event) => event.delayMs)).toEqual([100, 200]);

      await upstream.restart();
      await clock.advance(200);
      await waitFor(() => mux.connected, { what: 'the connection once the upstream is back' });
      expect(mux.health().status).toBe('healthy');
    } finally {
      await mux.stop();
      await upstream.kill();
    }
  });

  it('jitters each delay between half and all of its step', async () => {
    const { upstream, mux, clock } = await connectedMux(new IncrementalAdapter(), {
      reconnect: { delays: ['1s'], jitter: true },
      random: () => 0,
    });
    const delays: number[] = [];
    mux.on('reconnecting', (event) => delays.push(event.delayMs));
    for (const socket of upstream.sockets) socket.terminate();
    await waitFor(() => delays.length === 1, { what: 'the reconnect to be scheduled' });
    expect(delays).toEqual([500]);
    await clock.advance(500);
    await waitFor(() => mux.connected, { what: 'the reconnect' });
  });
});
