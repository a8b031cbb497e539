import { ManualClock } from '@outrider/core';
import { createTestPluginContext, metricValue, type TestPluginContext } from '@outrider/testing';
import { plugin } from '../src/index.js';
import type { WsMonitor } from '../src/ws-monitor.js';

export interface Harness {
  readonly clock: ManualClock;
  readonly ctx: TestPluginContext;
  readonly module: WsMonitor;
  /** A series of the `feeds` instance's upstream `upstream`; `room` metrics use `feeds/<upstream>`. */
  metric(name: string, upstream: string, extra?: Record<string, string>): Promise<number | undefined>;
}

/** A started ws-monitor instance called `feeds` on a ManualClock. */
export async function startMonitor(config: unknown, clock = new ManualClock(1_000_000)): Promise<Harness> {
  const ctx = createTestPluginContext({ instanceName: 'feeds', clock });
  const module = plugin.create(ctx, plugin.parseConfig(config)) as WsMonitor;
  await module.initialize();
  await module.start();
  return {
    clock,
    ctx,
    module,
    metric: (name, upstream, extra = {}) =>
      metricValue(
        ctx.registry,
        name,
        name.startsWith('outrider_ws_upstream_')
          ? { plugin: 'feeds', upstream, ...extra }
          : { room: `feeds/${upstream}`, ...extra },
      ),
  };
}
