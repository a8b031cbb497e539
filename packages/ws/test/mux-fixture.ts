import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { afterEach } from 'vitest';
import { type ProtocolAdapter, SubscriptionMultiplexer, type SubscriptionMultiplexerOptions } from '../src/index.js';
import { RecordingUpstream, type UpstreamOptions } from './upstream.js';

export const COALESCE_MS = 10;

const cleanups: (() => Promise<void>)[] = [];
const held: unknown[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  held.length = 0;
});

/**
 * Keeps `value` referenced until the test ends. A `MuxClient` nobody references is released by GC,
 * and its subscriptions with it, so `mux.client('c').subscribe(...)` alone could unsubscribe mid-test.
 */
export function hold<T>(value: T): T {
  held.push(value);
  return value;
}

export interface Fixture {
  upstream: RecordingUpstream;
  mux: SubscriptionMultiplexer;
  clock: ManualClock;
  /** Lets the coalescing window pass, so pending changes go upstream. */
  flush(): Promise<void>;
}

/**
 * A started multiplexer on a ManualClock, connected to a fresh recording upstream. Heartbeat and
 * rate limit are off unless a test turns them on; everything is closed after the test.
 */
export async function connectedMux(
  adapter: ProtocolAdapter,
  options: Partial<SubscriptionMultiplexerOptions> = {},
  upstreamOptions: UpstreamOptions = {},
): Promise<Fixture> {
  const upstream = await RecordingUpstream.start(upstreamOptions);
  const clock = new ManualClock(1_700_000_000_000);
  const mux = new SubscriptionMultiplexer({
    url: upstream.url,
    adapter,
    clock,
    heartbeat: false,
    rateLimit: false,
    coalesce: COALESCE_MS,
    reconnect: { jitter: false },
    ...options,
  });
  cleanups.push(async () => {
    await mux.stop();
    await upstream.kill();
  });
  mux.start();
  await waitFor(() => mux.connected && upstream.sockets.size === 1, { what: 'the multiplexer to connect' });
  return { upstream, mux, clock, flush: () => clock.advance(COALESCE_MS) };
}

/** An Upbit-style subscription request as the full-replace adapter sends it. */
export function upbitRequest(...entries: object[]): object[] {
  return [{ ticket: 'outrider' }, ...entries, { format: 'DEFAULT' }];
}

export function tickerOf(code: string, streamType: 'SNAPSHOT' | 'REALTIME', price = 1): object {
  return { type: 'ticker', code, stream_type: streamType, trade_price: price };
}
