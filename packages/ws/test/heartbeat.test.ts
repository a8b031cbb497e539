import { describe, expect, it } from 'vitest';
import { IncrementalAdapter } from '../src/index.js';
import { connectedMux } from './mux-fixture.js';
import { eventually, quiet } from './upstream.js';

const heartbeat = { intervalMs: 30_000, timeoutMs: 10_000 };

describe('upstream heartbeat', () => {
  it('terminates an upstream that accepts but never answers pings, reconnects and restores', async () => {
    const { upstream, mux, clock, flush } = await connectedMux(
      new IncrementalAdapter(),
      { heartbeat },
      { autoPong: false },
    );
    mux.client('c').subscribe('trade', 'btcusdt', () => {});
    await flush();
    await upstream.receivedCount(1);

    await clock.advance(30_000); // ping goes out
    await quiet(); // a pong, if any, would arrive now
    expect(mux.connected).toBe(true);
    await clock.advance(10_000); // no pong by the timeout
    await eventually(() => !mux.connected, 'the dead upstream to be terminated');
    expect(mux.stats().heartbeatTimeouts).toBe(1);

    await clock.advance(1_000);
    await eventually(() => mux.connected && upstream.received.length === 2, 'reconnect and restore');
    expect(upstream.connections).toBe(2);
    expect(upstream.received[1]).toEqual({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 });
  });

  it('keeps an upstream that answers its pings', async () => {
    const { mux, clock } = await connectedMux(new IncrementalAdapter(), { heartbeat });
    await clock.advance(20_000);
    for (let round = 0; round < 3; round++) {
      await clock.advance(10_000); // the next ping goes out
      await quiet(); // and its pong comes back
      await clock.advance(20_000); // past its timeout
    }
    await quiet();
    expect(mux.connected).toBe(true);
    expect(mux.stats()).toMatchObject({ heartbeatTimeouts: 0, reconnects: 0 });
  });
});
