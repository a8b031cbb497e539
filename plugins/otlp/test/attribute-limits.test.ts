import { afterEach, expect, it } from 'vitest';
import {
  makeSpans,
  metricValue,
  postProtobuf,
  type Running,
  recentTraces,
  startPlugin,
  TraceRequest,
} from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

it('drops attributes past limits.maxAttributes and truncates long values, counting both, as the OTel SDK does', async () => {
  running = await startPlugin({ limits: { maxAttributes: 128, maxAttributeValueLength: 100 } });
  const { request } = makeSpans(2);
  const [wide, long] = request.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
  if (!wide || !long) throw new Error('makeSpans gave fewer spans');
  wide.attributes = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
  long.attributes = [{ key: 'sql', value: { stringValue: 'x'.repeat(5000) } } as never];
  const body = TraceRequest.encode(TraceRequest.fromObject(request)).finish();
  expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  const registry = running.ctx.registry;
  expect(
    await metricValue(registry, 'outrider_otlp_attributes_limited_total', { signal: 'traces', action: 'dropped' }),
  ).toBe(872);
  expect(await metricValue(registry, 'outrider_otlp_attributes_limited_total', { action: 'truncated' })).toBe(1);
  const spans = (await recentTraces(running)).traces[0]?.spans ?? [];
  expect(Object.keys(spans.find((s) => s.name === 'span-0')?.attributes ?? {})).toHaveLength(128);
  expect(String(spans.find((s) => s.name === 'span-1')?.attributes.sql)).toHaveLength(100);
  // A JSON span is held to the same limits.
  const json = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: 'aa'.repeat(16),
                spanId: 'bb'.repeat(8),
                name: 'j',
                attributes: Array.from({ length: 130 }, (_, i) => ({ key: `a${i}`, value: { boolValue: true } })),
              },
            ],
          },
        ],
      },
    ],
  };
  const answer = await fetch(`${running.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  expect(answer.status).toBe(200);
  expect(await metricValue(registry, 'outrider_otlp_attributes_limited_total', { action: 'dropped' })).toBe(874);
  const small = makeSpans(3).body;
  expect((await postProtobuf(running.url, '/v1/traces', small)).status).toBe(200);
  expect(await metricValue(registry, 'outrider_otlp_attributes_limited_total', { action: 'dropped' })).toBe(874);
});
