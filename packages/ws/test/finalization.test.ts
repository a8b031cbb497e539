import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { IncrementalAdapter, type SubscriptionMultiplexer } from '../src/index.js';
import { connectedMux } from './mux-fixture.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Creates a client in its own frame so nothing in the test keeps it reachable. */
function abandonClient(mux: SubscriptionMultiplexer): void {
  mux.client('forgotten').subscribe('trade', 'btcusdt', () => {});
}

describe('FinalizationRegistry fallback', () => {
  it('releases the subscriptions of a client dropped without dispose()', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    abandonClient(mux);
    await flush();
    await upstream.receivedCount(1);
    expect(mux.stats().clients).toBe(1);

    await waitFor(
      () => {
        gc();
        return mux.stats().clientsFinalized === 1;
      },
      { what: 'the client to be finalized', timeout: 10_000 },
    );
    expect(mux.stats()).toMatchObject({ clients: 0, subscriptions: {} });
    await flush();
    expect((await upstream.receivedCount(2))[1]).toEqual({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 2 });
    // The id is free again.
    expect(() => mux.client('forgotten')).not.toThrow();
  });
});
