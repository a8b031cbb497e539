import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { plugin } from '../src/index.js';
import { type Harness, startMonitor } from './harness.js';
import { startUpstream, type Upstream } from './upstream-server.js';

let harness: Harness | undefined;
const upstreams: Upstream[] = [];
afterEach(async () => {
  await harness?.module.stop(AbortSignal.timeout(5_000));
  harness = undefined;
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

describe('reconfigure and stop', () => {
  it('keeps unchanged upstreams, moves changed ones, drops removed ones, and closes everything on stop', async () => {
    const [a, b, c] = await Promise.all([startUpstream(), startUpstream(), startUpstream()]);
    upstreams.push(a, b, c);
    harness = await startMonitor({
      upstreams: [
        { name: 'kept', url: a.url },
        { name: 'moved', url: b.url },
        { name: 'removed', url: c.url },
      ],
    });
    const { module, metric, ctx } = harness;
    await waitFor(() => a.sockets.size === 1 && b.sockets.size === 1 && c.sockets.size === 1, {
      what: 'three connections',
    });

    await module.reconfigure(
      plugin.parseConfig({
        upstreams: [
          { name: 'kept', url: a.url },
          { name: 'moved', url: c.url },
        ],
      }),
    );
    await waitFor(() => b.sockets.size === 0 && c.sockets.size === 1, { what: 'moved to go from b to c' });
    await waitFor(async () => (await metric('outrider_ws_upstream_up', 'moved')) === 1, { what: 'moved up again' });
    expect(a.connections).toBe(1); // never reconnected
    expect(await metric('outrider_ws_upstream_up', 'kept')).toBe(1);
    expect(await metric('outrider_ws_upstream_up', 'removed')).toBeUndefined();
    expect(await metric('outrider_ws_upstream_reconnects_total', 'removed')).toBeUndefined();
    expect(module.upstreams().map((upstream) => upstream.upstream)).toEqual(['kept', 'moved']);

    await module.stop(AbortSignal.timeout(5_000));
    await waitFor(() => a.sockets.size === 0 && c.sockets.size === 0, { what: 'the close on stop' });
    expect(module.status).toBe('stopped');
    expect(await ctx.registry.getSingleMetricAsString('outrider_ws_upstream_up')).not.toMatch(/upstream=/);
    expect(await metric('outrider_ws_messages_total', 'kept', { direction: 'in' })).toBeUndefined();
    harness = undefined;
  });
});
