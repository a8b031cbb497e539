import { ManualClock } from '@outrider/core';
import { createTestPluginContext, metricValue, waitFor } from '@outrider/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpProbe } from '../src/http-probe.js';
import { plugin } from '../src/index.js';
import { httpServer, type TestServer } from './servers.js';

let ok: TestServer;
let broken: TestServer;
beforeAll(async () => {
  ok = await httpServer((_request, response) => response.end('{"status":"ok"}'));
  broken = await httpServer((_request, response) => response.writeHead(500).end());
});
afterAll(async () => {
  await ok.close();
  await broken.close();
});

async function startInstance(instanceName: string, registry: Registry, clock: ManualClock, config: unknown) {
  const ctx = createTestPluginContext({ instanceName, clock, registry });
  const parsed = plugin.parseConfig(config);
  const module = plugin.create(ctx, parsed) as HttpProbe;
  await module.initialize();
  await module.start();
  return { ctx, module };
}

describe('metrics, health and the targets route', () => {
  it('reports each target, degrades health on a failing one, and drops series of removed targets', async () => {
    const registry = new Registry();
    const clock = new ManualClock(1_700_000_000_000);
    const { ctx, module } = await startInstance('probes', registry, clock, {
      targets: [
        { name: 'ok', url: ok.url, interval: '5s', bodyMatch: '"ok"' },
        { name: 'broken', url: broken.url, interval: '5s' },
      ],
    });
    expect(module.health()).toEqual({ status: 'healthy' });
    // The targets share the 5 s period: ok probes at +1 ms, broken half a period later. Each probe is
    // real I/O, so the clock waits for it before moving on (and past its timeout).
    const finished = (name: string) => () => ctx.scheduler.get(`http-probe/probes/${name}`).runs === 1;
    await clock.advance(1);
    await waitFor(finished('ok'), { what: 'the ok probe' });
    await clock.advance(2_500);
    await waitFor(finished('broken'), { what: 'the broken probe' });

    const target = (name: string) => ({ plugin: 'probes', target: name });
    expect(await metricValue(registry, 'outrider_probe_success', target('ok'))).toBe(1);
    expect(await metricValue(registry, 'outrider_probe_success', target('broken'))).toBe(0);
    expect(await metricValue(registry, 'outrider_probe_status_code', target('ok'))).toBe(200);
    expect(await metricValue(registry, 'outrider_probe_status_code', target('broken'))).toBe(500);
    expect(await metricValue(registry, 'outrider_probe_last_success_timestamp_seconds', target('ok'))).toBe(
      1_700_000_000.001,
    );
    expect(
      await metricValue(registry, 'outrider_probe_last_success_timestamp_seconds', target('broken')),
    ).toBeUndefined();
    expect(
      await metricValue(registry, 'outrider_probe_failures_total', { ...target('broken'), reason: 'status' }),
    ).toBe(1);
    expect(await metricValue(registry, 'outrider_probe_failures_total', { ...target('ok'), reason: 'status' })).toBe(0);
    for (const phase of ['dns', 'connect', 'first_byte', 'transfer', 'total']) {
      expect(
        await metricValue(registry, 'outrider_probe_duration_seconds_count', { ...target('ok'), phase }),
        phase,
      ).toBe(1);
    }
    expect(
      await metricValue(registry, 'outrider_probe_duration_seconds_count', { ...target('ok'), phase: 'tls' }),
    ).toBeUndefined();

    expect(module.health()).toEqual({ status: 'degraded', detail: 'failing: broken (status)' });
    const { body } = await ctx.request('GET', '/plugins/probes/targets');
    expect(body).toEqual([
      expect.objectContaining({ name: 'ok', periodMs: 5_000, lastProbe: expect.objectContaining({ success: true }) }),
      expect.objectContaining({
        name: 'broken',
        lastProbe: expect.objectContaining({ success: false, status: 500, reason: 'status' }),
      }),
    ]);

    await module.reconfigure(plugin.parseConfig({ targets: [{ name: 'ok', url: ok.url, interval: '5s' }] }));
    expect(await metricValue(registry, 'outrider_probe_success', target('broken'))).toBeUndefined();
    expect(await metricValue(registry, 'outrider_probe_success', target('ok'))).toBe(1);
    expect(module.health()).toEqual({ status: 'healthy' });
    expect(ctx.scheduler.list().map((job) => job.id)).toEqual(['http-probe/probes/ok']);

    await module.stop();
    expect(await registry.getSingleMetricAsString('outrider_probe_success')).not.toMatch(/target=/);
  });

  it('lets two instances share one registry, told apart by the plugin label', async () => {
    const registry = new Registry();
    const clock = new ManualClock(0);
    const first = await startInstance('first', registry, clock, { targets: [{ name: 'x', url: ok.url }] });
    const second = await startInstance('second', registry, clock, { targets: [{ name: 'x', url: broken.url }] });
    await clock.advance(1);
    await waitFor(
      () => [first, second].every(({ ctx }) => ctx.scheduler.get(`http-probe/${ctx.instanceName}/x`).runs === 1),
      { what: 'both instances to probe' },
    );
    expect(await metricValue(registry, 'outrider_probe_success', { plugin: 'first', target: 'x' })).toBe(1);
    expect(await metricValue(registry, 'outrider_probe_success', { plugin: 'second', target: 'x' })).toBe(0);
    await first.module.stop();
    await second.module.stop();
  });
});
