import { afterAll, beforeAll, expect, it } from 'vitest';
import { metricValue, type Running, recentTraces, startPlugin } from './helpers.js';

let running: Running;
beforeAll(async () => {
  running = await startPlugin();
});
afterAll(async () => {
  await running.stop();
});

const span = (fields: Record<string, unknown>) => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  name: 'GET /',
  startTimeUnixNano: '1',
  endTimeUnixNano: '2',
  ...fields,
});

const traces = (spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ scope: { name: 's' }, spans }] }] });

async function post(body: unknown, path = '/v1/traces') {
  const response = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

it.each([
  [
    'kind: "abc"',
    traces([span({ kind: 'abc' })]),
    'resourceSpans[0].scopeSpans[0].spans[0].kind: expected an enum value',
  ],
  [
    'a time of 1e400',
    '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1e400}]}]}]}',
    'spans[0].startTimeUnixNano: expected an unsigned 64-bit integer',
  ],
  [
    'a time past 2^64',
    traces([span({ endTimeUnixNano: '18446744073709551616' })]),
    'endTimeUnixNano: expected an unsigned 64-bit integer, got "18446744073709551616" (out of range)',
  ],
  ['a name that is a number', traces([span({ name: 5 })]), 'spans[0].name: expected a string, got 5'],
  [
    'an attribute with two values',
    traces([span({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] })]),
    'spans[0].attributes[0].value.intValue: only one of stringValue and intValue may be set',
  ],
  ['spans that are not a list', traces({ a: 1 } as never), 'scopeSpans[0].spans: expected an array'],
  [
    'a status code as text',
    traces([span({ status: { code: 'bad' } })]),
    'spans[0].status.code: expected an enum value',
  ],
  [
    'a double as a string',
    { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: 'x' }] } }] }] }] },
    'dataPoints[0].asDouble: expected a number, got "x"',
  ],
])('%s → 400 naming the field', async (_what, body, message) => {
  const path = typeof body === 'object' && 'resourceMetrics' in body ? '/v1/metrics' : '/v1/traces';
  const answer = await post(body, path);
  expect(answer.status).toBe(400);
  expect(answer.body.message).toContain(message);
});

it('accepts what the OTLP/JSON mapping allows: enum names, int64 as numbers, "NaN", unknown fields', async () => {
  const before = await metricValue(running.ctx.registry, 'outrider_otlp_items_total', {
    signal: 'traces',
    outcome: 'accepted',
  });
  const body = traces([
    span({ kind: 'SPAN_KIND_SERVER', startTimeUnixNano: 1000, somethingNew: { x: 1 } }),
    span({ spanId: 'eee19b7ec3c1b175', attributes: [{ key: 'd', value: { doubleValue: 'NaN' } }] }),
  ]);
  expect(await post(body)).toEqual({ status: 200, body: {} });
  expect(
    await metricValue(running.ctx.registry, 'outrider_otlp_items_total', { signal: 'traces', outcome: 'accepted' }),
  ).toBe(before + 2);
  const { traces: kept } = await recentTraces(running);
  const spans = kept.find((trace) => trace.traceId === '5b8efff798038103d269b633813fc60c')?.spans ?? [];
  expect(spans.map((s) => s.kind)).toContain(2);
  // Kept as NaN; the traces API writes it as JSON, which has no NaN.
  expect(spans.find((s) => s.spanId === 'eee19b7ec3c1b175')?.attributes).toEqual({ d: null });
});
