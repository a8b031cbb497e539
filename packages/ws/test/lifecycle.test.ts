import { ManualClock, ModuleManager } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import {
  FullReplaceAdapter,
  IncrementalAdapter,
  SubscriptionMultiplexer,
  type SubscriptionMultiplexerOptions,
} from '../src/index.js';
import { connectedMux } from './mux-fixture.js';
import { RecordingUpstream } from './upstream.js';

describe('multiplexer lifecycle', () => {
  it('runs as a module: start opens the base connection with no subscriptions, stop closes it', async () => {
    const upstream = await RecordingUpstream.start();
    const clock = new ManualClock();
    const mux = new SubscriptionMultiplexer({
      url: upstream.url,
      adapter: new IncrementalAdapter(),
      clock,
      heartbeat: false,
    });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(mux);
    try {
      expect((await manager.startAll()).running).toEqual(['ws-mux']);
      await waitFor(() => mux.connected && upstream.sockets.size === 1, { what: 'the base connection' });
      expect(mux.health()).toEqual({ status: 'healthy' });
      await manager.stopAll();
      expect(mux.status).toBe('stopped');
      await waitFor(() => upstream.sockets.size === 0, { what: 'the upstream to see the close' });
      await mux.stop(); // idempotent
    } finally {
      await upstream.kill();
    }
  });

  it('is safe to stop before start', async () => {
    const mux = new SubscriptionMultiplexer({ url: 'ws://127.0.0.1:9/', adapter: new IncrementalAdapter() });
    await mux.stop();
    expect(mux.status).toBe('registered');
  });

  it('opens the connection only while something is subscribed when keepBaseConnection is false', async () => {
    const upstream = await RecordingUpstream.start();
    const clock = new ManualClock();
    const mux = new SubscriptionMultiplexer({
      url: upstream.url,
      adapter: new FullReplaceAdapter(),
      clock,
      heartbeat: false,
      keepBaseConnection: false,
    });
    try {
      mux.start();
      await upstream.acceptBarrier(); // a connection start() made would have been accepted before it
      expect(upstream.tcpConnections).toBe(1);
      expect(upstream.connections).toBe(0);
      const client = mux.client('c');
      client.subscribe('ticker', 'KRW-BTC', () => {}); // before the socket opens: sent on open
      await waitFor(() => upstream.received.length === 1, { what: 'the subscription on the new connection' });
      client.dispose();
      await waitFor(() => upstream.sockets.size === 0, { what: 'the idle connection to close' });
      expect(mux.health().status).toBe('healthy');
    } finally {
      await mux.stop();
      await upstream.kill();
    }
  });

  it('rejects use after dispose, bad arguments and duplicate ids with specific errors', async () => {
    const { mux } = await connectedMux(new IncrementalAdapter());
    const client = mux.client('once');
    expect(() => mux.client('once')).toThrow(expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }));
    expect(() => client.subscribe('trade', '', () => {})).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
    );
    expect(() => client.subscribe('', 'x', () => {})).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
    );
    const pending = client.snapshot('trade', 'btcusdt');
    client.dispose();
    client.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'OUTRIDER_WS_CLIENT_DISPOSED' });
    expect(client.disposed).toBe(true);
    expect(() => client.subscribe('trade', 'x', () => {})).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_WS_CLIENT_DISPOSED' }),
    );
    expect(() => client.unsubscribe('trade')).toThrow(expect.objectContaining({ code: 'OUTRIDER_WS_CLIENT_DISPOSED' }));
  });

  it('rejects invalid options', () => {
    const base = { url: 'ws://127.0.0.1:9/', adapter: new IncrementalAdapter() };
    for (const bad of [
      { coalesce: -1 },
      { coalesce: '10 ms' as never },
      { heartbeat: { interval: 1_000, timeout: 2_000 } },
      { heartbeat: { interval: '0s' } },
      { snapshotTimeout: '0ms' },
      { reconnect: { delays: [] } },
      { reconnect: { delays: ['1s', '-1s'] } },
      { rateLimit: { messages: 0, interval: 1_000 } },
      { queue: { size: 0 } },
      { url: '' },
    ] as Partial<SubscriptionMultiplexerOptions>[]) {
      expect(() => new SubscriptionMultiplexer({ ...base, ...bad })).toThrow(
        expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
      );
    }
  });
});
