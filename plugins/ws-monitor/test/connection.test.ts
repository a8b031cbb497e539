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

describe('upstream connection', () => {
  it('connects, subscribes, counts messages and tracks the time since the last one', async () => {
    const upstream = await startUpstream();
    upstreams.push(upstream);
    harness = await startMonitor({
      upstreams: [
        { name: 'prices', url: upstream.url, subscribe: { op: 'subscribe', args: ['btc'] }, staleAfter: '20s' },
      ],
    });
    const { clock, module, metric } = harness;
    await waitFor(() => upstream.received.length === 1, { what: 'the subscribe payload' });
    expect(JSON.parse(upstream.received[0] as string)).toEqual({ op: 'subscribe', args: ['btc'] });
    expect(await metric('outrider_ws_upstream_up', 'prices')).toBe(1);
    expect(module.health()).toEqual({ status: 'healthy' });

    for (const price of [1, 2, 3]) upstream.broadcast(JSON.stringify({ price }));
    await waitFor(async () => (await metric('outrider_ws_messages_total', 'prices', { direction: 'in' })) === 3, {
      what: '3 messages',
    });
    expect(await metric('outrider_ws_messages_total', 'prices', { direction: 'out' })).toBe(1);
    expect(await metric('outrider_ws_upstream_last_message_age_seconds', 'prices')).toBe(0);

    await clock.advance(15_000);
    expect(await metric('outrider_ws_upstream_last_message_age_seconds', 'prices')).toBe(15);
    expect(module.health()).toEqual({ status: 'healthy' });
    await clock.advance(6_000);
    expect(module.health()).toEqual({ status: 'degraded', detail: 'stale: prices' });

    upstream.broadcast('{"price":4}');
    await waitFor(async () => (await metric('outrider_ws_upstream_last_message_age_seconds', 'prices')) === 0, {
      what: 'a fresh message',
    });
    expect(module.health()).toEqual({ status: 'healthy' });
    expect(await harness.ctx.request('GET', '/plugins/feeds/upstreams')).toEqual({
      body: [{ upstream: 'prices', up: true, lastMessageAgeSeconds: 0, reconnects: 0, stale: false }],
    });
  });

  it('reconnects after the upstream drops the connection, and subscribes again', async () => {
    const upstream = await startUpstream();
    upstreams.push(upstream);
    harness = await startMonitor({ upstreams: [{ name: 'prices', url: upstream.url, subscribe: 'SUB btc' }] });
    const { clock, module, metric } = harness;
    await waitFor(() => upstream.received.length === 1, { what: 'the first subscribe' });
    expect(await metric('outrider_ws_upstream_reconnects_total', 'prices')).toBe(0);

    upstream.dropAll();
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 0, {
      what: 'the drop to be seen',
    });
    expect(module.health()).toEqual({ status: 'degraded', detail: 'down: prices' });
    await clock.advance(1_000); // the first reconnect waits 0.5–1 s
    await waitFor(() => upstream.received.length === 2, { what: 'the subscribe after reconnecting' });
    expect(upstream.received).toEqual(['SUB btc', 'SUB btc']);
    expect(upstream.connections).toBe(2);
    expect(await metric('outrider_ws_upstream_reconnects_total', 'prices')).toBe(1);
    expect(await metric('outrider_ws_upstream_up', 'prices')).toBe(1);
    expect(module.health()).toEqual({ status: 'healthy' });
  });

  it('keeps retrying with growing delays while the upstream is gone, and connects when it comes back', async () => {
    const first = await startUpstream();
    harness = await startMonitor({ upstreams: [{ name: 'prices', url: first.url, reconnectDelays: ['1s', '4s'] }] });
    const { clock, metric } = harness;
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 1, {
      what: 'the first connection',
    });
    await first.close();
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 0, {
      what: 'the close to be seen',
    });
    expect(clock.pendingTimers).toBe(1); // the reconnect; the heartbeat stopped with its last socket

    const reconnects = () => harness?.module.upstreams()[0]?.reconnects;
    const firedAt = [clock.now()];
    for (const attempt of [1, 2, 3]) {
      await clock.runUntil(() => reconnects() === attempt);
      firedAt.push(clock.now());
      expect(await metric('outrider_ws_upstream_reconnects_total', 'prices')).toBe(attempt);
      await waitFor(() => clock.pendingTimers === 1, { what: `attempt ${attempt} to fail and the next to be planned` });
    }
    // Each wait is its step spread over [step/2, step]: 1 s, then 4 s (the last step repeats).
    const waits = firedAt.slice(1).map((at, index) => at - (firedAt[index] as number));
    for (const [index, step] of [1_000, 4_000, 4_000].entries()) {
      expect(waits[index]).toBeGreaterThanOrEqual(step / 2);
      expect(waits[index]).toBeLessThanOrEqual(step);
    }

    const back = await startUpstream({ port: first.port });
    upstreams.push(back);
    await clock.runUntil(() => reconnects() === 4);
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'prices')) === 1, {
      what: 'the upstream to come back',
    });
    expect(back.connections).toBe(1);
    expect(await metric('outrider_ws_upstream_reconnects_total', 'prices')).toBe(4);
  });
});
