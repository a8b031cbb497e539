import { spawn, spawnSync } from 'node:child_process';
import { renderMetrics } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { attr, fixture, metricsBody, metricValue, node, postMetrics, type Running, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const DELTA = 1;
const CUMULATIVE = 2;
const OVERFLOW = { otel_metric_overflow: 'true' };

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const noPromtool = promtool.error !== undefined || promtool.status !== 0;
if (noPromtool) console.warn('promtool not found: skipping `promtool check metrics` (apt-get install prometheus)');

async function scrape(running: Running): Promise<string> {
  let text = '';
  for await (const chunk of renderMetrics(running.ctx.registry)) text += chunk;
  return text;
}

/** The value of one sample (`_bucket`, `_sum`, `_count`) of a histogram or summary family, summed over `labels`' matches. */
async function sample(registry: Registry, family: string, suffix: string, labels: Record<string, string>) {
  const metric = await registry.getSingleMetric(family)?.get();
  let total = 0;
  for (const value of metric?.values ?? []) {
    const { metricName, labels: have } = value as { metricName?: string; labels: Record<string, unknown> };
    if (metricName !== `${family}${suffix}`) continue;
    if (Object.entries(labels).every(([key, want]) => String(have[key]) === want)) total += value.value;
  }
  return total;
}

/** The `name{…} value` lines of one metric family's samples in `text`. */
const samples = (text: string, prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix));

function runOverflowClient(endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [fixture('sdk-overflow-client.mjs'), endpoint], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`client exited ${code}: ${err}`))));
  });
}

const histogram = (temporality: number, route: string, bounds: number[], counts: number[], sum: number) => ({
  name: 'latency',
  unit: 's',
  histogram: {
    aggregationTemporality: temporality,
    dataPoints: [
      {
        attributes: [attr('route', route)],
        explicitBounds: bounds,
        bucketCounts: counts,
        count: counts.reduce((a, b) => a + b, 0),
        sum,
      },
    ],
  },
});

describe('points past the series cap go to one otel_metric_overflow series', { timeout: 30_000 }, () => {
  it.skipIf(noPromtool)('from a real OTel SDK app: counter, histogram and exponential histogram', async () => {
    running = await startPlugin({ metrics: { maxSeriesPerMetric: 3 } });
    await runOverflowClient(running.url);
    const registry = running.ctx.registry;
    const text = await scrape(running);
    // Three routes kept their own series; the two others went to the one overflow series.
    const counts = samples(text, 'http_server_duration_seconds_count{');
    expect(counts).toHaveLength(4);
    const overflowCount = counts.filter((line) => line.includes('otel_metric_overflow="true"'));
    expect(overflowCount).toHaveLength(1);
    // Cumulative streams add their increase: 2 routes × 2 rounds × 2 records, not 2 × (2 + 4 + 4)
    // over the client's three exports.
    expect(overflowCount[0]).toMatch(/ 8$/);
    expect(overflowCount[0]).not.toMatch(/route=/);
    const bucket = (le: string) => sample(registry, 'http_server_duration_seconds', '_bucket', { ...OVERFLOW, le });
    expect([await bucket('0.3'), await bucket('1'), await bucket('+Inf')]).toEqual([4, 8, 8]);
    expect(samples(text, 'http_server_duration_seconds_sum{').find((l) => l.includes('otel_metric_overflow'))).toMatch(
      / 3$/,
    );
    // Every point is in some series: 5 routes × 4 records in all.
    const total = counts.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    expect(total).toBe(20);
    // The exponential histogram's streams have the same buckets: merged exactly.
    const sizeCounts = samples(text, 'payload_size_bytes_count{');
    expect(sizeCounts.find((line) => line.includes('otel_metric_overflow="true"'))).toMatch(/ 8$/);
    expect(samples(text, 'http_server_requests_total{').find((l) => l.includes('otel_metric_overflow'))).toMatch(/ 4$/);
    // Two routes × three exports (shutdown exports once more, the same totals), for each metric.
    for (const metric of ['http_server_duration_seconds', 'payload_size_bytes', 'http_server_requests_total']) {
      expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric })).toBe(6);
    }
    expect(await metricValue(registry, 'outrider_otlp_refused_total', { signal: 'metrics' })).toBe(0);
    expect(await metricValue(registry, 'outrider_otlp_overflow_bounds_merged_total')).toBe(0);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it('delta histograms add up; other bounds merge onto the bounds both have, counted', async () => {
    running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
    const registry = running.ctx.registry;
    const post = (route: string, bounds: number[], counts: number[], sum: number) =>
      postMetrics(running?.url as string, metricsBody([histogram(DELTA, route, bounds, counts, sum)]));
    await post('/a', [1, 2, 5], [1, 1, 1, 1], 10);
    await post('/b', [1, 2, 5], [1, 1, 1, 1], 10);
    expect(await post('/c', [1, 2, 5], [1, 0, 2, 0], 7)).toMatchObject({ rejected: 0 });
    expect(await post('/d', [1, 2, 5], [0, 3, 0, 1], 9)).toMatchObject({ rejected: 0 });
    const bucket = (le: string) => sample(registry, 'latency_seconds', '_bucket', { ...OVERFLOW, le });
    const at = async () => [await bucket('1'), await bucket('2'), await bucket('5'), await bucket('+Inf')];
    expect(await at()).toEqual([1, 4, 6, 7]);
    // Bounds 2 and 10: the overflow series keeps only 2, which both have; (2, 5] and (5, +Inf] join +Inf.
    expect(await post('/e', [2, 10], [1, 1, 1], 20)).toMatchObject({ rejected: 0 });
    const text = (await registry.metrics()).split('\n').filter((line) => line.startsWith('latency_seconds_bucket{'));
    const overflowLe = text
      .filter((line) => line.includes('otel_metric_overflow'))
      .map((l) => /le="([^"]+)"/.exec(l)?.[1]);
    expect(overflowLe).toEqual(['2', '+Inf']);
    expect([await bucket('2'), await bucket('+Inf')]).toEqual([5, 10]);
    expect(await sample(registry, 'latency_seconds', '_count', OVERFLOW)).toBe(10);
    expect(await sample(registry, 'latency_seconds', '_sum', OVERFLOW)).toBe(36);
    expect(
      await metricValue(registry, 'outrider_otlp_overflow_bounds_merged_total', { metric: 'latency_seconds' }),
    ).toBe(1);
    expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric: 'latency_seconds' })).toBe(3);
  });

  it('cumulative histograms add their increase; a restarted stream adds all of it', async () => {
    running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
    const registry = running.ctx.registry;
    const post = (route: string, counts: number[], sum: number) =>
      postMetrics(running?.url as string, metricsBody([histogram(CUMULATIVE, route, [1], counts, sum)]));
    await post('/a', [1, 1], 3);
    await post('/x', [1, 1], 3);
    await post('/b', [2, 1], 4);
    await post('/c', [1, 0], 1);
    await post('/b', [3, 2], 6); // +1, +1
    const count = () => sample(registry, 'latency_seconds', '_count', OVERFLOW);
    expect(await count()).toBe(6);
    await post('/b', [1, 0], 0.5); // restarted: counts went down
    expect(await count()).toBe(7);
    expect(await sample(registry, 'latency_seconds', '_bucket', { ...OVERFLOW, le: '1' })).toBe(5);
    expect(await sample(registry, 'latency_seconds', '_sum', OVERFLOW)).toBe(7.5);
  });

  it('summaries past the cap add count and sum to an overflow series without quantiles', async () => {
    running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
    const summary = (route: string, count: number, sum: number) => ({
      name: 'rpc.time',
      unit: 'ms',
      summary: {
        dataPoints: [{ attributes: [attr('route', route)], count, sum, quantileValues: [{ quantile: 0.5, value: 1 }] }],
      },
    });
    for (const [route, count, sum] of [
      ['/a', 1, 1],
      ['/x', 1, 1],
      ['/b', 4, 8],
      ['/c', 2, 3],
      ['/b', 6, 10],
    ] as const) {
      expect(await postMetrics(running.url, metricsBody([summary(route, count, sum)]))).toMatchObject({ rejected: 0 });
    }
    const registry = running.ctx.registry;
    expect(await sample(registry, 'rpc_time_milliseconds', '_count', OVERFLOW)).toBe(8);
    expect(await sample(registry, 'rpc_time_milliseconds', '_sum', OVERFLOW)).toBe(13);
    const text = await registry.metrics();
    expect(text).not.toMatch(/rpc_time_milliseconds\{[^}]*otel_metric_overflow/);
    expect(text).toMatch(/rpc_time_milliseconds\{[^}]*route="\/a"[^}]*quantile="0.5"\} 1/);
  });

  it('refuses a cumulative stream past as many as the overflow series remembers', async () => {
    running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
    const post = (route: string) =>
      postMetrics(running?.url as string, metricsBody([histogram(CUMULATIVE, route, [1], [1, 0], 1)]));
    for (const route of ['/a', '/b', '/c', '/d']) expect(await post(route)).toMatchObject({ rejected: 0 });
    const refused = await post('/e');
    expect(refused.rejected).toBe(1);
    expect(refused.message).toMatch(/cardinality_limit: latency_seconds overflows 2 streams/);
    expect(await sample(running.ctx.registry, 'latency_seconds', '_count', OVERFLOW)).toBe(2);
  });
});
