import { afterEach, describe, expect, it } from 'vitest';
import { plugin } from '../src/index.js';
import { type Harness, startMonitor } from './harness.js';
import { startUpstream, type Upstream, until } from './upstream-server.js';

let harness: Harness | undefined;
const upstreams: Upstream[] = [];
afterEach(async () => {
  await harness?.module.stop(AbortSignal.timeout(5_000));
  harness = undefined;
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

describe('reconfigure and stop', () => {
  it('moves to new upstreams on reconfigure, and closes everything on stop', async () => {
    const a = await startUpstream();
    const b = await startUpstream();
    upstreams.push(a, b);
    harness = await startMonitor({ upstreams: [{ name: 'a', url: a.url }] });
    const { module, metric, ctx } = harness;
    await until(() => a.sockets.size === 1, 'a connection to a');

    await module.reconfigure(plugin.parseConfig({ upstreams: [{ name: 'b', url: b.url }] }));
    await until(() => a.sockets.size === 0 && b.sockets.size === 1, 'the move from a to b');
    await until(async () => (await metric('outrider_ws_upstream_up', 'b')) === 1, 'b up');
    expect(await metric('outrider_ws_upstream_up', 'a')).toBeUndefined();
    expect(await metric('outrider_ws_upstream_reconnects_total', 'a')).toBeUndefined();

    await module.stop(AbortSignal.timeout(5_000));
    await until(() => b.sockets.size === 0, 'the close on stop');
    expect(module.status).toBe('stopped');
    expect(await ctx.registry.getSingleMetricAsString('outrider_ws_upstream_up')).not.toMatch(/upstream=/);
    expect(await metric('outrider_ws_messages_total', 'b', { direction: 'in' })).toBeUndefined();
    harness = undefined;
  });
});
