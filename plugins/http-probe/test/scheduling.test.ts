import { ManualClock } from '@outrider/core';
import { createTestPluginContext, metricValue, waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpProbe } from '../src/http-probe.js';
import { plugin } from '../src/index.js';
import { httpServer, type TestServer } from './servers.js';

const servers: TestServer[] = [];
let running: HttpProbe | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startProbes(clock: ManualClock, config: unknown) {
  const ctx = createTestPluginContext({ instanceName: 'probes', clock });
  const parsed = plugin.parseConfig(config);
  const module = plugin.create(ctx, parsed) as HttpProbe;
  await module.initialize();
  await module.start();
  running = module;
  return { ctx, module };
}

describe('probe scheduling', () => {
  it('keeps probing a healthy target on time while another target hangs until its timeout', async () => {
    const hung = await httpServer(() => {}); // accepts and never answers
    const healthy = await httpServer((_request, response) => response.end('ok'));
    servers.push(hung, healthy);
    const clock = new ManualClock(1_000_000);
    const { ctx } = await startProbes(clock, {
      targets: [
        { name: 'hung', url: hung.url, interval: '3s', timeout: '2s' },
        { name: 'healthy', url: healthy.url, interval: '3s', timeout: '2s' },
      ],
    });
    const healthyLabels = { plugin: 'probes', target: 'healthy' };
    const timeouts = () =>
      metricValue(ctx.registry, 'outrider_probe_failures_total', {
        plugin: 'probes',
        target: 'hung',
        reason: 'timeout',
      });

    // Both share the 3 s prime period: hung fires at +1 ms, healthy half a period later at +1501 ms.
    for (let round = 0; round < 4; round++) {
      const roundStart = 1_000_000 + round * 3_000;
      await clock.advance(roundStart + 1 - clock.now());
      await waitFor(() => hung.requests === round + 1, { what: `hung probe ${round + 1} to arrive` });
      expect(await timeouts()).toBe(round); // earlier hung probes were cut off at their timeout

      await clock.advance(1_500); // the hung probe is still in flight here
      await waitFor(() => healthy.requests === round + 1, { what: `healthy probe ${round + 1} to arrive` });
      await waitFor(() => ctx.scheduler.get('http-probe/probes/healthy').running === 0, {
        what: 'the healthy probe to end',
      });
      expect(await metricValue(ctx.registry, 'outrider_probe_success', healthyLabels)).toBe(1);
      // Recorded at its scheduled time: nothing waited for the hung target.
      expect(await metricValue(ctx.registry, 'outrider_probe_last_success_timestamp_seconds', healthyLabels)).toBe(
        (roundStart + 1_501) / 1000,
      );
      expect(ctx.scheduler.get('http-probe/probes/hung').running).toBe(1);
    }
    await clock.advance(500); // the last hung probe reaches its 2 s timeout
    await waitFor(() => ctx.scheduler.get('http-probe/probes/hung').running === 0, {
      what: 'the hung probe to time out',
    });
    expect(await timeouts()).toBe(4);
    expect(await metricValue(ctx.registry, 'outrider_probe_success', { plugin: 'probes', target: 'hung' })).toBe(0);
    expect(ctx.scheduler.get('http-probe/probes/hung').skipped.overlap).toBe(0);
  });

  it('rounds intervals up to prime seconds and spreads targets sharing a period across it', async () => {
    const clock = new ManualClock(0);
    const { ctx } = await startProbes(clock, {
      targets: [
        { name: 'a', url: 'http://127.0.0.1:9/', interval: '30s' },
        { name: 'b', url: 'http://127.0.0.1:9/', interval: '30s' },
        { name: 'c', url: 'http://127.0.0.1:9/', interval: '5m' },
      ],
    });
    const [a, b, c] = ['a', 'b', 'c'].map((name) => ctx.scheduler.get(`http-probe/probes/${name}`));
    expect([a?.trigger, b?.trigger, c?.trigger]).toEqual(['every 31s', 'every 31s', 'every 5m7s']);
    expect(Date.parse(b?.nextRun ?? '') - Date.parse(a?.nextRun ?? '')).toBe(15_500);
  });

  it('removes its jobs when stopped, and probes nothing after', async () => {
    const server = await httpServer((_request, response) => response.end());
    servers.push(server);
    const clock = new ManualClock(0);
    const { ctx, module } = await startProbes(clock, { targets: [{ name: 'x', url: server.url, interval: '2s' }] });
    await clock.advance(1);
    await waitFor(() => server.requests === 1, { what: 'the first probe' });
    await module.stop();
    expect(ctx.scheduler.list()).toEqual([]);
    await clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toBe(1);
  });
});
