import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
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
  running = undefined;
  backend = undefined;
});

async function downPort(): Promise<number> {
  const probe = await startBackend();
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

describe('a full spool', { timeout: 20_000 }, () => {
  it('whenFull: block answers 429 with Retry-After and counts the refused spans, then takes data again once drained', async () => {
    const port = await downPort();
    running = await startPlugin({
      exporter: {
        endpoint: `http://127.0.0.1:${port}`,
        retry: { minDelay: 20, maxDelay: 50 },
        spool: { maxBytes: 200, whenFull: 'block' },
      },
    });
    const first = makeSpans(100);
    expect((await postProtobuf(running.url, '/v1/traces', first.body)).status).toBe(200);
    const refused = await postProtobuf(running.url, '/v1/traces', makeSpans(40).body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const registry = running.ctx.registry;
    expect(await metricValue(registry, 'outrider_otlp_refused_total', { reason: 'spool_full' })).toBe(40);

    backend = await startBackend(port);
    await waitFor(() => (backend as Backend).spanIds.length === 100, { timeout: 10_000, what: 'the spool to drain' });
    const module = running.module;
    await waitFor(() => (module.stats().spool as { full: boolean }).full === false);
    const later = makeSpans(10);
    expect((await postProtobuf(running.url, '/v1/traces', later.body)).status).toBe(200);
    await waitFor(() => (backend as Backend).spanIds.length === 110, { timeout: 5000, what: 'the later spans' });
    expect(backend.spanIds.sort()).toEqual([...first.ids, ...later.ids].sort());
  });

  it('whenFull: drop-oldest deletes the oldest batches, counts every dropped span, and delivers the rest once', async () => {
    const port = await downPort();
    running = await startPlugin({
      exporter: {
        endpoint: `http://127.0.0.1:${port}`,
        retry: { minDelay: 20, maxDelay: 50 },
        spool: { maxBytes: 2500, whenFull: 'drop-oldest' },
      },
    });
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body, ids } = makeSpans(100);
      expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
      sent.push(...ids);
    }
    const registry = running.ctx.registry;
    const dropped = await metricValue(registry, 'outrider_otlp_dropped_total', {
      signal: 'traces',
      reason: 'spool_full',
    });
    expect(dropped).toBeGreaterThan(0);
    expect(dropped % 100).toBe(0);

    backend = await startBackend(port);
    await waitFor(() => (backend as Backend).spanIds.length === sent.length - dropped, {
      timeout: 10_000,
      what: 'the kept spans',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(backend.spanIds.length + dropped).toBe(sent.length);
    expect(new Set(backend.spanIds).size).toBe(backend.spanIds.length);
    // The newest batch is always kept.
    expect(backend.spanIds).toEqual(expect.arrayContaining(sent.slice(-100)));
  });
});
