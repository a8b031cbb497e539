import { Counter } from 'prom-client';
import { afterEach, expect, it } from 'vitest';
import { attr, metricsBody, metricValue, postMetrics, type Running, seriesLines, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

const DELTA = 1;
const CUMULATIVE = 2;
const sum = (
  name: string,
  value: number,
  temporality: number,
  monotonic = true,
  attributes = [attr('route', '/a')],
) => ({
  name,
  unit: '{request}',
  sum: { aggregationTemporality: temporality, isMonotonic: monotonic, dataPoints: [{ attributes, asInt: value }] },
});

it('accumulates delta sums, takes cumulative ones as they are, and makes non-monotonic sums gauges', async () => {
  running = await startPlugin();
  for (const value of [5, 3]) {
    await postMetrics(
      running.url,
      metricsBody([
        sum('jobs.done', value, DELTA),
        sum('reqs', value * 10, CUMULATIVE),
        sum('in.flight', value, CUMULATIVE, false),
      ]),
    );
  }
  const registry = running.ctx.registry;
  expect(await metricValue(registry, 'jobs_done_total', { route: '/a', job: 'app', instance: 'i-1' })).toBe(8);
  expect(await metricValue(registry, 'reqs_total')).toBe(30);
  const text = await registry.metrics();
  expect(text).toContain('# TYPE in_flight gauge');
  expect(text).toMatch(
    /in_flight\{route="\/a",job="app",instance="i-1",otel_scope_name="meter",otel_scope_version="1.0"\} 3/,
  );
});

it('converts histograms and exponential histograms to buckets, and summaries to quantiles', async () => {
  running = await startPlugin();
  const body = metricsBody([
    {
      name: 'latency',
      unit: 's',
      histogram: {
        aggregationTemporality: CUMULATIVE,
        dataPoints: [{ count: 6, sum: 3.5, bucketCounts: [1, 2, 3], explicitBounds: [0.1, 1] }],
      },
    },
    {
      name: 'size',
      unit: 'By',
      exponentialHistogram: {
        aggregationTemporality: DELTA,
        dataPoints: [
          {
            count: 7,
            sum: 40,
            scale: 0,
            zeroCount: 1,
            positive: { offset: 1, bucketCounts: [2, 3] },
            negative: { offset: 0, bucketCounts: [1] },
          },
        ],
      },
    },
    {
      name: 'rpc.time',
      unit: 'ms',
      summary: {
        dataPoints: [
          {
            count: 10,
            sum: 50,
            quantileValues: [
              { quantile: 0.5, value: 4 },
              { quantile: 0.99, value: 9 },
            ],
          },
        ],
      },
    },
  ]);
  expect((await postMetrics(running.url, body)).rejected).toBe(0);
  const text = await running.ctx.registry.metrics();
  expect(text).toMatch(/latency_seconds_bucket\{[^}]*le="0.1"\} 1\n/);
  expect(text).toMatch(/latency_seconds_bucket\{[^}]*le="1"\} 3\n/);
  expect(text).toMatch(/latency_seconds_bucket\{[^}]*le="\+Inf"\} 6\n/);
  expect(text).toMatch(/latency_seconds_count\{[^}]*\} 6\n/);
  // scale 0: base 2, bucket offset 1 covers (2, 4], offset 2 covers (4, 8]; zero and negative counts ≤ 0.
  expect(text).toMatch(/size_bytes_bucket\{[^}]*le="0"\} 2\n/);
  expect(text).toMatch(/size_bytes_bucket\{[^}]*le="4"\} 4\n/);
  expect(text).toMatch(/size_bytes_bucket\{[^}]*le="8"\} 7\n/);
  expect(text).toMatch(/size_bytes_bucket\{[^}]*le="\+Inf"\} 7\n/);
  expect(text).toMatch(/rpc_time_milliseconds\{[^}]*quantile="0.99"\} 9\n/);
  expect(text).toMatch(/rpc_time_milliseconds_count\{[^}]*\} 10\n/);
});

it('caps series per metric: past the cap a gauge point goes to one otel_metric_overflow series, counted', async () => {
  running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
  const points = ['/a', '/b', '/c'].map((route, i) => ({ attributes: [attr('route', route)], asDouble: i + 1 }));
  const result = await postMetrics(
    running.url,
    metricsBody([{ name: 'temp', unit: 'Cel', gauge: { dataPoints: points } }]),
  );
  expect(result).toMatchObject({ status: 200, rejected: 0 });
  const registry = running.ctx.registry;
  expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric: 'temp_celsius' })).toBe(1);
  expect(await metricValue(registry, 'temp_celsius', { otel_metric_overflow: 'true' })).toBe(3);
  // The overflow series holds the place: a fourth route goes there too, no fourth series is made.
  await postMetrics(
    running.url,
    metricsBody([
      { name: 'temp', unit: 'Cel', gauge: { dataPoints: [{ attributes: [attr('route', '/d')], asDouble: 4 }] } },
    ]),
  );
  expect(await metricValue(registry, 'temp_celsius', { otel_metric_overflow: 'true' })).toBe(4);
  expect((await seriesLines(registry)).filter((line) => line.startsWith('temp_celsius'))).toHaveLength(3);
  // Existing series still update.
  await postMetrics(
    running.url,
    metricsBody([
      { name: 'temp', unit: 'Cel', gauge: { dataPoints: [{ attributes: [attr('route', '/a')], asDouble: 7 }] } },
    ]),
  );
  expect(await metricValue(registry, 'temp_celsius', { route: '/a' })).toBe(7);
});

it('refuses points whose name is already a metric of another type, here or among the sidecar’s own', async () => {
  running = await startPlugin();
  await postMetrics(running.url, metricsBody([{ name: 'x', gauge: { dataPoints: [{ asDouble: 1 }] } }]));
  const conflict = await postMetrics(
    running.url,
    metricsBody([{ name: 'x', summary: { dataPoints: [{ count: 1, sum: 1 }] } }]),
  );
  expect(conflict).toMatchObject({ rejected: 1 });
  expect(conflict.message).toMatch(/type_conflict/);
  // outrider_otlp_refused_total is a sidecar counter; a gauge of that name cannot join it.
  const own = await postMetrics(
    running.url,
    metricsBody([{ name: 'outrider_otlp_refused_total', gauge: { dataPoints: [{ asDouble: 1 }] } }]),
  );
  expect(own.message).toMatch(/name_conflict/);
  expect(await metricValue(running.ctx.registry, 'outrider_otlp_refused_total', { signal: 'metrics' })).toBe(2);
  // The label is the documented value alone, so `reason="type_conflict"` selectors match.
  const text = await running.ctx.registry.metrics();
  expect(text).toContain('outrider_otlp_refused_total{plugin="otlp",signal="metrics",reason="type_conflict"} 1');
  expect(text).toContain('outrider_otlp_refused_total{plugin="otlp",signal="metrics",reason="name_conflict"} 1');
  expect(text).not.toMatch(/reason="[a-z_]+:"/);
});

it('serves an app’s series of a metric the sidecar records too next to the sidecar’s own, until they go stale', async () => {
  running = await startPlugin();
  const registry = running.ctx.registry;
  const sidecarRuns = new Counter({
    name: 'outrider_jobs_done_total',
    help: 'Jobs.',
    labelNames: ['job_id'],
    registers: [registry],
  });
  sidecarRuns.inc({ job_id: 'sidecar-job' }, 2);
  const result = await postMetrics(
    running.url,
    metricsBody([
      {
        name: 'outrider_jobs_done_total',
        sum: {
          aggregationTemporality: CUMULATIVE,
          isMonotonic: true,
          dataPoints: [{ attributes: [attr('job_id', 'app-job')], asInt: 7 }],
        },
      },
    ]),
  );
  expect(result.rejected).toBe(0);
  expect(await metricValue(registry, 'outrider_jobs_done_total', { job_id: 'sidecar-job' })).toBe(2);
  expect(
    await metricValue(registry, 'outrider_jobs_done_total', { job_id: 'app-job', job: 'app', instance: 'i-1' }),
  ).toBe(7);
  const text = await registry.metrics();
  expect(text.match(/# TYPE outrider_jobs_done_total counter/g)).toHaveLength(1);
  // The sidecar's own counter keeps working, and stays after the plugin stops.
  sidecarRuns.inc({ job_id: 'sidecar-job' });
  expect(await metricValue(registry, 'outrider_jobs_done_total', { job_id: 'sidecar-job' })).toBe(3);
  await running.stop();
  running = undefined;
  expect(await registry.metrics()).not.toContain('app-job');
  expect(await metricValue(registry, 'outrider_jobs_done_total', { job_id: 'sidecar-job' })).toBe(3);
});

it('caps series over all metrics: new metric names past metrics.maxSeries are refused, new series overflow', async () => {
  running = await startPlugin({ metrics: { maxSeries: 3 } });
  const gauge = (name: string, route = '/') => ({
    name,
    gauge: { dataPoints: [{ attributes: [attr('route', route)], asDouble: 1 }] },
  });
  const result = await postMetrics(running.url, metricsBody(['a', 'b', 'c', 'd', 'e'].map((name) => gauge(name))));
  expect(result).toMatchObject({ status: 200, rejected: 2 });
  expect(result.message).toMatch(/cardinality_limit: the sidecar holds 3 series/);
  const registry = running.ctx.registry;
  expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric: '_new_metric' })).toBe(2);
  // A known metric's new series goes to its overflow series, counted under its name; existing series still update.
  const more = await postMetrics(running.url, metricsBody([gauge('a', '/other'), gauge('b')]));
  expect(more).toMatchObject({ rejected: 0 });
  expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric: 'a' })).toBe(1);
  expect(await metricValue(registry, 'a', { otel_metric_overflow: 'true' })).toBe(1);
  expect(await metricValue(registry, 'outrider_otlp_series')).toBe(4);
  expect(await registry.getSingleMetric('d')).toBeUndefined();
});

it("a cumulative counter past the cap adds each stream's increase to the overflow series; deltas add up", async () => {
  running = await startPlugin({ metrics: { maxSeriesPerMetric: 2 } });
  const sum = (temporality: number, values: [string, number][]) =>
    metricsBody([
      {
        name: 'hits',
        sum: {
          isMonotonic: true,
          aggregationTemporality: temporality,
          dataPoints: values.map(([route, asInt]) => ({ attributes: [attr('route', route)], asInt })),
        },
      },
    ]);
  const CUMULATIVE = 2;
  await postMetrics(
    running.url,
    sum(CUMULATIVE, [
      ['/a', 1],
      ['/b', 2],
      ['/c', 10],
      ['/d', 100],
    ]),
  );
  const registry = running.ctx.registry;
  const overflow = () => metricValue(registry, 'hits_total', { otel_metric_overflow: 'true' });
  expect(await overflow()).toBe(110);
  // /c and /d report their running totals again: the overflow series grows by their increases only.
  await postMetrics(
    running.url,
    sum(CUMULATIVE, [
      ['/c', 15],
      ['/d', 130],
    ]),
  );
  expect(await overflow()).toBe(145);
  // /d restarted (its total went down): all of its new value is new.
  await postMetrics(running.url, sum(CUMULATIVE, [['/d', 4]]));
  expect(await overflow()).toBe(149);
  // A delta point adds its value; it needs no memory of its stream.
  await postMetrics(running.url, sum(1, [['/e', 7]]));
  expect(await overflow()).toBe(156);
  // The overflow series remembers as many cumulative streams as the cap allows series: a third is refused.
  expect(await postMetrics(running.url, sum(CUMULATIVE, [['/f', 1]]))).toMatchObject({ rejected: 1 });
  expect(await overflow()).toBe(156);
  expect(await metricValue(registry, 'hits_total', { route: '/a' })).toBe(1);
  expect(await metricValue(registry, 'outrider_otlp_series_overflow_total', { metric: 'hits_total' })).toBe(7);
});
