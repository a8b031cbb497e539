import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { fixture, postJson, type Running, recentTraces, seriesLines, startPlugin } from './helpers.js';

/**
 * The official OTLP/JSON examples of open-telemetry/opentelemetry-proto (`examples/*.json`, copied
 * unchanged into test/fixtures/otlp-proto-examples), posted as they are.
 */
const example = (name: string) => readFileSync(fixture(`otlp-proto-examples/${name}.json`), 'utf8');

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

const SCOPE =
  'otel_scope_my_scope_attribute="some scope attribute",otel_scope_name="my.library",otel_scope_version="1.0.0"';

it('metrics.json gives exactly these series (default strategy)', async () => {
  running = await startPlugin();
  const response = await postJson(running.url, '/v1/metrics', example('metrics'));
  expect(response).toEqual({ status: 200, body: {} });
  // service.name only: job, no instance, no target_info (nothing but the identity). Unit `1`: `_ratio` on
  // the gauge only. Exponential histogram, scale 0 (base 2), offset 1: buckets (2,4] and (4,8], zero count ≤ 0.
  expect(await seriesLines(running.ctx.registry)).toEqual(
    [
      `my_counter_total{job="my.service",my_counter_attr="some value",${SCOPE}} 5`,
      `my_exponential_histogram_bucket{job="my.service",le="+Inf",my_exponential_histogram_attr="some value",${SCOPE}} 3`,
      `my_exponential_histogram_bucket{job="my.service",le="0",my_exponential_histogram_attr="some value",${SCOPE}} 1`,
      `my_exponential_histogram_bucket{job="my.service",le="4",my_exponential_histogram_attr="some value",${SCOPE}} 1`,
      `my_exponential_histogram_bucket{job="my.service",le="8",my_exponential_histogram_attr="some value",${SCOPE}} 3`,
      `my_exponential_histogram_count{job="my.service",my_exponential_histogram_attr="some value",${SCOPE}} 3`,
      `my_exponential_histogram_sum{job="my.service",my_exponential_histogram_attr="some value",${SCOPE}} 10`,
      `my_gauge_ratio{job="my.service",my_gauge_attr="some value",${SCOPE}} 10`,
      `my_histogram_bucket{job="my.service",le="+Inf",my_histogram_attr="some value",${SCOPE}} 2`,
      `my_histogram_bucket{job="my.service",le="1",my_histogram_attr="some value",${SCOPE}} 1`,
      `my_histogram_count{job="my.service",my_histogram_attr="some value",${SCOPE}} 2`,
      `my_histogram_sum{job="my.service",my_histogram_attr="some value",${SCOPE}} 2`,
    ].sort(),
  );
});

it('metrics.json with NoUTF8EscapingWithSuffixes keeps the OTel names, and scopeLabels: false drops the scope', async () => {
  running = await startPlugin({ metrics: { translationStrategy: 'NoUTF8EscapingWithSuffixes', scopeLabels: false } });
  expect((await postJson(running.url, '/v1/metrics', example('metrics'))).status).toBe(200);
  const lines = await seriesLines(running.ctx.registry);
  expect(lines).toContain('my.counter_total{job="my.service",my.counter.attr="some value"} 5');
  expect(lines).toContain('my.gauge_ratio{job="my.service",my.gauge.attr="some value"} 10');
  expect(lines).toContain('my.histogram_bucket{job="my.service",le="1",my.histogram.attr="some value"} 1');
  expect(lines).toHaveLength(12);
});

it('trace.json is accepted and its span served by /api/traces/recent; logs.json is accepted', async () => {
  running = await startPlugin();
  expect(await postJson(running.url, '/v1/traces', example('trace'))).toEqual({ status: 200, body: {} });
  expect(await postJson(running.url, '/v1/logs', example('logs'))).toEqual({ status: 200, body: {} });
  const { traces } = await recentTraces(running);
  expect(traces).toHaveLength(1);
  expect(traces[0]?.service).toBe('my.service');
  expect(traces[0]?.spans[0]).toMatchObject({
    name: "I'm a server span",
    spanId: 'eee19b7ec3c1b174',
    kind: 2,
    durationMs: 1000,
    attributes: { 'my.span.attr': 'some value' },
  });
});
