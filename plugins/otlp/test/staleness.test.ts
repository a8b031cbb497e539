import { ManualClock } from '@outrider/core';
import { afterEach, expect, it } from 'vitest';
import { attr, metricsBody, postMetrics, type Running, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

const resource = { 'service.name': 'app', 'host.name': 'box-1' };

const gauge = (route: string, value: number) => ({
  name: 'queue.depth',
  unit: '{item}',
  gauge: { dataPoints: [{ attributes: [attr('route', route)], asDouble: value }] },
});

it('a metric stream that stops loses its series after the staleness window; a live one keeps it', async () => {
  const clock = new ManualClock(Date.now());
  running = await startPlugin({ metrics: { staleness: '5m' } }, { clock });
  const registry = running.ctx.registry;
  await postMetrics(running.url, metricsBody([gauge('/live', 1), gauge('/dead', 2)], resource));
  expect(await registry.metrics()).toMatch(/queue_depth\{route="\/dead"/);

  // 4 minutes: both still there; the live one reports again.
  await clock.advance(4 * 60_000);
  expect(await registry.metrics()).toMatch(/queue_depth\{route="\/dead"/);
  await postMetrics(running.url, metricsBody([gauge('/live', 3)], resource));

  // Past 5 minutes since /dead's last point: gone; /live was updated 1 minute ago.
  await clock.advance(90_000);
  let text = await registry.metrics();
  expect(text).not.toMatch(/route="\/dead"/);
  expect(text).toMatch(/queue_depth\{route="\/live"[^}]*\} 3/);
  expect(text).toMatch(/target_info\{host_name="box-1",job="app"\} 1/);

  // Everything stops: the family and target_info leave /metrics entirely.
  await clock.advance(10 * 60_000);
  text = await registry.metrics();
  expect(text).not.toMatch(/queue_depth/);
  expect(text).not.toMatch(/target_info/);
});
