import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import {
  type Backend,
  makeSpans,
  metricValue,
  postProtobuf,
  type Running,
  startBackend,
  startPlugin,
} from './helpers.js';

let running: Running | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await running?.stop();
  await backend?.close();
});

// The outage is 30 s of virtual time on a ManualClock (the exporter's backoff runs on the plugin's
// clock); the connection failures are real: nothing listens on the backend's port meanwhile.
it('30 s of traffic while the backend is down all arrive once it is back, exactly once', {
  timeout: 30_000,
}, async () => {
  const clock = new ManualClock(Date.now());
  const probe = await startBackend();
  const port = Number(new URL(probe.url).port);
  await probe.close();
  running = await startPlugin(
    { exporter: { endpoint: `http://127.0.0.1:${port}`, retry: { minDelay: 1000, maxDelay: 5000 } } },
    { clock },
  );
  const sent: string[] = [];
  for (let second = 0; second < 30; second++) {
    const { body, ids } = makeSpans(50);
    expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
    sent.push(...ids);
    await clock.advance(1000);
  }
  const registry = running.ctx.registry;
  expect(await metricValue(registry, 'outrider_otlp_export_retries_total', { signal: 'traces' })).toBeGreaterThan(0);
  expect(await metricValue(registry, 'outrider_otlp_spool_items', { signal: 'traces' })).toBe(1500);
  expect((await running.module.health()).status).toBe('degraded');

  backend = await startBackend(port);
  const deadline = Date.now() + 15_000;
  while (backend.spanIds.length < sent.length && Date.now() < deadline) {
    await clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect([...backend.spanIds].sort()).toEqual([...sent].sort());
  const module = running.module;
  await waitFor(() => (module.stats().spool as { records: number }).records === 0, {
    timeout: 5000,
    what: 'an empty spool',
  });
  expect(await metricValue(registry, 'outrider_otlp_items_total', { signal: 'traces', outcome: 'exported' })).toBe(
    1500,
  );
  expect(await metricValue(registry, 'outrider_otlp_export_failed_total')).toBe(0);
});
