import { afterEach, expect, it } from 'vitest';
import type { TraceJson } from '../src/index.js';
import { makeSpans, postProtobuf, type Running, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

it('with no endpoint, the last N traces are served at GET /api/traces/recent, newest first', async () => {
  running = await startPlugin({ memory: { maxTraces: 2 } });
  const batches = [makeSpans(3, 'a'), makeSpans(2, 'b'), makeSpans(1, 'c')];
  for (const { body } of batches) expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  const response = await running.ctx.request('GET', '/api/traces/recent');
  const { traces } = response.body as { traces: TraceJson[] };
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
  const { traces } = (await running.ctx.request('GET', '/api/traces/recent')).body as { traces: TraceJson[] };
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
