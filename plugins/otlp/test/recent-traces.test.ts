import { afterEach, expect, it } from 'vitest';
import { makeSpans, metricValue, postProtobuf, type Running, recentTraces, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

it('with no endpoint, the last N traces are served at GET /api/traces/recent, newest first', async () => {
  running = await startPlugin({ memory: { maxTraces: 2 } });
  const batches = [makeSpans(3, 'a'), makeSpans(2, 'b'), makeSpans(1, 'c')];
  for (const { body } of batches) expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  const { traces } = await recentTraces(running);
  expect(traces.map((trace) => trace.service)).toEqual(['c', 'b']);
  expect(traces[1]?.spans.map((span) => span.spanId)).toEqual(batches[1]?.ids);
  expect(traces[1]?.spans[0]).toMatchObject({ name: 'span-0', kind: 2, durationMs: 1, attributes: { i: 0 } });
});

it('JSON requests (hex ids, camelCase, int64 as strings) land the same as protobuf ones', async () => {
  running = await startPlugin();
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-app' } }] },
        scopeSpans: [
          {
            scope: { name: 's' },
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                parentSpanId: 'eee19b7ec3c1b173',
                name: 'GET /items',
                kind: 2,
                startTimeUnixNano: '1544712660000000000',
                endTimeUnixNano: '1544712661000000000',
                attributes: [{ key: 'http.status_code', value: { intValue: '200' } }],
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${running.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({});
  const { traces } = await recentTraces(running);
  expect(traces[0]).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', service: 'json-app' });
  expect(traces[0]?.spans[0]).toMatchObject({
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: 'eee19b7ec3c1b173',
    durationMs: 1000,
    attributes: { 'http.status_code': 200 },
  });
});

it('with an endpoint, the route says traces are not kept in memory', async () => {
  running = await startPlugin({ exporter: { endpoint: 'http://127.0.0.1:9' } });
  expect((await running.ctx.request('GET', '/api/traces/recent')).status).toBe(404);
});

it('pages newest first: `next` continues where a page ended, and every trace is seen once', async () => {
  running = await startPlugin();
  const services = Array.from({ length: 7 }, (_, i) => `svc-${i}`);
  for (const service of services) await postProtobuf(running.url, '/v1/traces', makeSpans(2, service).body);
  const seen: string[] = [];
  let page = await recentTraces(running, { limit: '3' });
  seen.push(...page.traces.map((trace) => trace.service));
  while (page.next !== null) {
    page = await recentTraces(running, { limit: '3', before: page.next });
    seen.push(...page.traces.map((trace) => trace.service));
  }
  expect(seen).toEqual([...services].reverse());
  expect(await recentTraces(running, { limit: '0' })).toMatchObject({
    status: 400,
    error: expect.stringMatching(/^limit/),
  });
  expect(await recentTraces(running, { before: 'x' })).toMatchObject({
    status: 400,
    error: expect.stringMatching(/^before/),
  });
});

it('is bounded by memory.maxBytes: the least recent traces are evicted and counted', { timeout: 20_000 }, async () => {
  const maxBytes = 100_000;
  running = await startPlugin({ memory: { maxBytes } });
  for (let i = 0; i < 12; i++) {
    expect((await postProtobuf(running.url, '/v1/traces', makeSpans(100, `svc-${i}`).body)).status).toBe(200);
    expect(running.module.stats().memoryBytes as number).toBeLessThanOrEqual(maxBytes);
  }
  const registry = running.ctx.registry;
  const evicted = await metricValue(registry, 'outrider_otlp_memory_evicted_total', { unit: 'traces' });
  expect(evicted).toBeGreaterThan(0);
  expect(await metricValue(registry, 'outrider_otlp_memory_evicted_total', { unit: 'spans' })).toBe(evicted * 100);
  expect(await metricValue(registry, 'outrider_otlp_memory_bytes')).toBe(running.module.stats().memoryBytes);
  const { traces } = await recentTraces(running, { limit: '1000' });
  expect(traces).toHaveLength(12 - evicted);
  expect(traces[0]?.service).toBe('svc-11');
});

it('a page carries an ETag: the same store answers If-None-Match with a 304, a new span with a new page', async () => {
  running = await startPlugin();
  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(1, 'a').body)).status).toBe(200);
  const first = await running.ctx.request('GET', '/api/traces/recent');
  const etag = first.headers?.etag;
  expect(etag).toMatch(/^"\d+"$/);
  const unchanged = await running.ctx.request('GET', '/api/traces/recent', {
    headers: { 'if-none-match': etag },
  });
  expect(unchanged.status).toBe(304);
  expect(unchanged.body).toBeUndefined();

  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(1, 'b').body)).status).toBe(200);
  const changed = await running.ctx.request('GET', '/api/traces/recent', { headers: { 'if-none-match': etag } });
  expect(changed.status ?? 200).toBe(200);
  expect(changed.headers?.etag).not.toBe(etag);
  const { traces } = await recentTraces(running);
  expect(traces.map((trace) => trace.service)).toEqual(['b', 'a']);
});
