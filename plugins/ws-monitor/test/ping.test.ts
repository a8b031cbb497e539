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

describe('ping round trip', () => {
  it('times each ping to its pong', async () => {
    const upstream = await startUpstream();
    upstreams.push(upstream);
    harness = await startMonitor({
      upstreams: [{ name: 'prices', url: upstream.url, pingInterval: '5s', pongTimeout: '2s' }],
    });
    const { clock, metric } = harness;
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 1, { what: 'the connection' });
    expect(await metric('outrider_ws_upstream_ping_rtt_seconds_count', 'prices')).toBeUndefined();
    for (const pings of [1, 2]) {
      await clock.advance(5_000);
      await waitFor(async () => (await metric('outrider_ws_upstream_ping_rtt_seconds_count', 'prices')) === pings, {
        what: `pong ${pings}`,
      });
    }
    const sum = (await metric('outrider_ws_upstream_ping_rtt_seconds_sum', 'prices')) ?? 0;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(1); // loopback
    expect(await metric('outrider_ws_dead_peers_total', 'prices')).toBe(0);
  });

  it('cuts an upstream that stops answering pings, counts it dead, and reconnects', async () => {
    const upstream = await startUpstream({ autoPong: false });
    upstreams.push(upstream);
    harness = await startMonitor({
      upstreams: [{ name: 'prices', url: upstream.url, pingInterval: '5s', pongTimeout: '2s' }],
    });
    const { clock, metric, module } = harness;
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 1, { what: 'the connection' });
    await clock.advance(5_000); // ping
    await clock.advance(1_999);
    expect(await metric('outrider_ws_upstream_up', 'prices')).toBe(1);
    await clock.advance(1); // no pong within 2 s: terminated
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 0, {
      what: 'the dead connection to close',
    });
    expect(await metric('outrider_ws_dead_peers_total', 'prices')).toBe(1);
    expect(await metric('outrider_ws_upstream_ping_rtt_seconds_count', 'prices')).toBeUndefined();
    expect(module.health()).toEqual({ status: 'degraded', detail: 'down: prices' });

    await clock.runUntil(() => module.upstreams()[0]?.reconnects === 1);
    await waitFor(() => upstream.connections === 2, { what: 'the reconnect' });
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 1, { what: 'up again' });
    expect(await metric('outrider_ws_upstream_reconnects_total', 'prices')).toBe(1);
  });
});
