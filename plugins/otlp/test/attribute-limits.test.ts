import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import {
  attr,
  makeSpans,
  metricsBody,
  metricValue,
  postMetrics,
  postProtobuf,
  type Running,
  recentTraces,
  seriesLines,
  startBackend,
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

it('holds span events and links to the same limits, counting what it drops and truncates', async () => {
  const backend = await startBackend();
  try {
    running = await startPlugin({
      limits: { maxAttributes: 16, maxAttributeValueLength: 50 },
      exporter: { endpoint: backend.url, compression: 'none' },
    });
    const attributes = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
    const { request } = makeSpans(1);
    const span = request.resourceSpans[0]?.scopeSpans[0]?.spans[0] as Record<string, unknown>;
    span.events = [
      { timeUnixNano: 1, name: 'wide', attributes: attributes(40) },
      { timeUnixNano: 2, name: 'long', attributes: [{ key: 'sql', value: { stringValue: 'x'.repeat(500) } }] },
      { timeUnixNano: 3, name: 'small', attributes: attributes(2) },
    ];
    span.links = [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), attributes: attributes(20) }];
    const body = TraceRequest.encode(TraceRequest.fromObject(request)).finish();
    expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
    const registry = running.ctx.registry;
    expect(
      await metricValue(registry, 'outrider_otlp_attributes_limited_total', { signal: 'traces', action: 'dropped' }),
    ).toBe(24 + 4);
    expect(
      await metricValue(registry, 'outrider_otlp_attributes_limited_total', { signal: 'traces', action: 'truncated' }),
    ).toBe(1);

    await waitFor(() => backend.traceBodies.length === 1, { timeout: 10_000, what: 'the export' });
    const sent = TraceRequest.toObject(TraceRequest.decode(backend.traceBodies[0] as Buffer), { longs: Number }) as {
      resourceSpans: { scopeSpans: { spans: { events: Part[]; links: Part[] }[] }[] }[];
    };
    const exported = sent.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    const [wide, long, small] = exported?.events ?? [];
    expect(wide?.attributes).toHaveLength(16);
    expect(wide?.droppedAttributesCount).toBe(24);
    expect(long?.attributes?.[0]?.value.stringValue).toBe('x'.repeat(50));
    expect(small?.attributes).toHaveLength(2);
    expect(small?.droppedAttributesCount ?? 0).toBe(0);
    expect(exported?.links[0]?.attributes).toHaveLength(16);
    expect(exported?.links[0]?.droppedAttributesCount).toBe(4);
  } finally {
    await running?.stop();
    running = undefined;
    await backend.close();
  }
});

interface Part {
  attributes?: { key: string; value: { stringValue?: string } }[];
  droppedAttributesCount?: number;
}

it('holds metric points to the same limits: the first attributes become labels, long values are cut, both counted', async () => {
  running = await startPlugin({
    limits: { maxAttributes: 3, maxAttributeValueLength: 8 },
    metrics: { scopeLabels: false },
  });
  const point = {
    asInt: 7,
    attributes: [attr('a', '1'), attr('b', 'a-long-route-name'), attr('c', '3'), attr('d', '4'), attr('e', '5')],
  };
  const body = metricsBody([{ name: 'jobs', gauge: { dataPoints: [point] } }]);
  expect((await postMetrics(running.url, body)).status).toBe(200);
  expect(await seriesLines(running.ctx.registry)).toEqual([
    'jobs{a="1",b="a-long-r",c="3",instance="i-1",job="app"} 7',
  ]);
  const registry = running.ctx.registry;
  expect(
    await metricValue(registry, 'outrider_otlp_attributes_limited_total', { signal: 'metrics', action: 'dropped' }),
  ).toBe(2);
  expect(
    await metricValue(registry, 'outrider_otlp_attributes_limited_total', { signal: 'metrics', action: 'truncated' }),
  ).toBe(1);
});
