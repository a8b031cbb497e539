import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startMonitor } from './harness.js';
import { startUpstream, type Upstream } from './upstream-server.js';

let harness: Harness | undefined;
const upstreams: Upstream[] = [];
afterEach(async () => {
  await harness?.module.stop(AbortSignal.timeout(5_000));
  harness = undefined;
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

async function firstMessage(upstreamConfig: Record<string, unknown>): Promise<unknown> {
  const upstream = await startUpstream();
  upstreams.push(upstream);
  harness = await startMonitor({ upstreams: [{ name: 'feed', url: upstream.url, ...upstreamConfig }] });
  await waitFor(() => upstream.received.length > 0, { what: 'a subscription message' });
  expect(upstream.received).toHaveLength(1);
  return JSON.parse(upstream.received[0] as string);
}

describe('subscribe on connect', () => {
  it('sends a Binance-style SUBSCRIBE made by the incremental adapter', async () => {
    expect(
      await firstMessage({
        subscribeVia: { adapter: 'incremental', subscriptions: { trade: ['btcusdt', 'ethusdt'] } },
      }),
    ).toEqual({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'], id: 1 });
  });

  it('sends an Upbit-style request made by the full-replace adapter', async () => {
    expect(
      await firstMessage({ subscribeVia: { adapter: 'full-replace', subscriptions: { ticker: ['KRW-BTC'] } } }),
    ).toEqual([
      { ticket: 'outrider' },
      expect.objectContaining({ type: 'ticker', codes: ['KRW-BTC'] }),
      { format: 'DEFAULT' },
    ]);
  });

  it('sends a raw payload as JSON', async () => {
    expect(await firstMessage({ subscribe: [{ op: 'subscribe', channel: 'book' }] })).toEqual([
      { op: 'subscribe', channel: 'book' },
    ]);
  });
});
