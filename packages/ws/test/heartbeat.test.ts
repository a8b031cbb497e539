import { once } from 'node:events';
import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { IncrementalAdapter } from '../src/index.js';
import { connectedMux } from './mux-fixture.js';

const heartbeat = { interval: '30s', timeout: '10s' } as const;

describe('upstream heartbeat', () => {
  it('terminates an upstream that accepts but never answers pings, reconnects and restores', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(
      new IncrementalAdapter(),
      { heartbeat },
      { autoPong: false },
    );
    // Held to the end: a client nobody references is released by GC, and its subscriptions with it.
    const client = mux.client('c');
    client.subscribe('trade', 'btcusdt', () => {});
    await flush();
    await upstream.receivedCount(1);

    await clock.advance(30_000); // ping goes out
    await waitFor(() => upstream.pings === 1, { what: 'the ping' });
    await upstream.settle(); // a pong, if any, has arrived by now
    expect(mux.connected).toBe(true);
    const reconnecting = once(mux, 'reconnecting');
    await clock.advance(10_000); // no pong by the timeout
    await reconnecting; // terminated, and the reconnect timer is set on the clock
    expect(mux.connected).toBe(false);
    expect(mux.stats().heartbeatTimeouts).toBe(1);

    await clock.advance(1_000);
    await waitFor(() => mux.connected && upstream.received.length === 2, { what: 'reconnect and restore' });
    expect(upstream.connections).toBe(2);
    expect(upstream.received[1]).toEqual({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 });
    client.dispose();
  });

  it('keeps an upstream that answers its pings', async () => {
    const { upstream, mux, clock } = await connectedMux(new IncrementalAdapter(), { heartbeat });
    await clock.advance(20_000);
    for (let round = 1; round <= 3; round++) {
      await clock.advance(10_000); // the next ping goes out
      await waitFor(() => upstream.pings === round, { what: `ping ${round}` });
      await upstream.settle(); // and its pong has come back
      await clock.advance(20_000); // past its timeout
    }
    await upstream.settle();
    expect(mux.connected).toBe(true);
    expect(mux.stats()).toMatchObject({ heartbeatTimeouts: 0, reconnects: 0 });
  });
});
