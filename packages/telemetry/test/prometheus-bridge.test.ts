import { type HrTime, ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type GaugeMetricData,
  type HistogramMetricData,
  MeterProvider,
  type MetricData,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { ManualClock } from '@outrider/core';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROMETHEUS_BRIDGE_SCOPE, PrometheusBridge } from '../src/index.js';

/** A pull reader: the test decides when a collect happens. */
class TestReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const clock = new ManualClock(1_700_000_000_000);
let provider: MeterProvider | undefined;

afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

/** A real MeterProvider whose reader has the bridge as an extra producer, as startTelemetry wires it. */
function pipeline(...registries: Registry[]) {
  const reader = new TestReader({ metricProducers: [new PrometheusBridge({ registries, clock })] });
  provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'shop' }), readers: [reader] });
  return {
    provider,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      const bridged = resourceMetrics.scopeMetrics.find((scope) => scope.scope.name === PROMETHEUS_BRIDGE_SCOPE);
      return { resourceMetrics, errors, metrics: bridged?.metrics ?? [] };
    },
  };
}

function find<T extends MetricData>(metrics: MetricData[], name: string): T {
  const metric = metrics.find((m) => m.descriptor.name === name);
  if (metric === undefined) throw new Error(`no metric ${name} in ${metrics.map((m) => m.descriptor.name).join(', ')}`);
  return metric as T;
}

const ms = (time: HrTime) => time[0] * 1000 + time[1] / 1e6;

describe('PrometheusBridge, through a real MeterProvider and metric reader', () => {
  it('maps counters to monotonic cumulative sums, with help, labels and the SDK resource', async () => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'shop_cache_requests_total',
      help: 'Cache reads by result.',
      labelNames: ['cache', 'result'],
      registers: [registry],
    });
    requests.inc({ cache: 'prices', result: 'hit' }, 3);
    requests.inc({ cache: 'prices', result: 'miss' });
    const { metrics, resourceMetrics, errors } = await pipeline(registry).collect();

    expect(errors).toEqual([]);
    expect(resourceMetrics.resource.attributes['service.name']).toBe('shop');
    const sum = find<SumMetricData>(metrics, 'shop_cache_requests_total');
    expect(sum.dataPointType).toBe(DataPointType.SUM);
    expect(sum.isMonotonic).toBe(true);
    expect(sum.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(sum.descriptor).toEqual({
      name: 'shop_cache_requests_total',
      description: 'Cache reads by result.',
      unit: '',
      valueType: ValueType.DOUBLE,
    });
    expect(sum.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ cache: 'prices', result: 'hit' }, 3],
      [{ cache: 'prices', result: 'miss' }, 1],
    ]);
    expect(ms(sum.dataPoints[0]?.endTime as HrTime)).toBe(clock.now());
  });

  it('maps gauges to gauges and keeps the unit the name ends with', async () => {
    const registry = new Registry();
    const size = new Gauge({
      name: 'shop_payload_bytes',
      help: 'Payload size.',
      labelNames: ['kind'],
      registers: [registry],
    });
    size.set({ kind: 'order' }, 512);
    new Gauge({ name: 'shop_hit_ratio', help: 'Hit ratio.', registers: [registry] }).set(0.75);
    new Gauge({ name: 'shop_queue_depth', help: 'Queued.', registers: [registry] }).set(-2);
    const { metrics } = await pipeline(registry).collect();

    const bytes = find<GaugeMetricData>(metrics, 'shop_payload_bytes');
    expect(bytes.dataPointType).toBe(DataPointType.GAUGE);
    expect(bytes.descriptor.unit).toBe('By');
    expect(bytes.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ kind: 'order' }, 512]]);
    expect(find<GaugeMetricData>(metrics, 'shop_hit_ratio').descriptor.unit).toBe('1');
    expect(find<GaugeMetricData>(metrics, 'shop_queue_depth').dataPoints[0]?.value).toBe(-2);
  });

  it('maps histograms to explicit-bucket histograms with the same bounds and per-bucket counts', async () => {
    const registry = new Registry();
    const duration = new Histogram({
      name: 'shop_checkout_duration_seconds',
      help: 'Checkout time.',
      labelNames: ['region'],
      buckets: [0.1, 0.5, 1],
      registers: [registry],
    });
    for (const seconds of [0.05, 0.2, 0.3, 0.7, 4]) duration.observe({ region: 'eu' }, seconds);
    duration.observe({ region: 'us' }, 0.01);
    const { metrics } = await pipeline(registry).collect();

    const histogram = find<HistogramMetricData>(metrics, 'shop_checkout_duration_seconds');
    expect(histogram.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(histogram.descriptor.unit).toBe('s');
    expect(histogram.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    const [eu, us] = histogram.dataPoints;
    expect(eu?.attributes).toEqual({ region: 'eu' });
    expect(eu?.value.buckets).toEqual({ boundaries: [0.1, 0.5, 1], counts: [1, 2, 1, 1] });
    expect(eu?.value.count).toBe(5);
    expect(eu?.value.sum).toBeCloseTo(5.25);
    expect(us?.attributes).toEqual({ region: 'us' });
    expect(us?.value.buckets.counts).toEqual([1, 0, 0, 0]);
  });

  it('maps summaries to the series a Prometheus summary has: <name>{quantile}, <name>_sum, <name>_count', async () => {
    const registry = new Registry();
    const latency = new Summary({
      name: 'shop_render_seconds',
      help: 'Render time.',
      labelNames: ['page'],
      percentiles: [0.5, 0.9],
      registers: [registry],
    });
    for (const seconds of [1, 2, 3, 4]) latency.observe({ page: 'home' }, seconds);
    const { metrics } = await pipeline(registry).collect();

    const quantiles = find<GaugeMetricData>(metrics, 'shop_render_seconds');
    expect(quantiles.dataPointType).toBe(DataPointType.GAUGE);
    expect(quantiles.descriptor).toMatchObject({ description: 'Render time.', unit: 's' });
    expect(quantiles.dataPoints.map((p) => p.attributes)).toEqual([
      { page: 'home', quantile: '0.5' },
      { page: 'home', quantile: '0.9' },
    ]);
    expect(quantiles.dataPoints[0]?.value).toBe(2.5);
    const sum = find<SumMetricData>(metrics, 'shop_render_seconds_sum');
    const count = find<SumMetricData>(metrics, 'shop_render_seconds_count');
    expect([sum.isMonotonic, sum.dataPoints[0]?.value, sum.dataPoints[0]?.attributes]).toEqual([
      false,
      10,
      { page: 'home' },
    ]);
    expect([count.isMonotonic, count.dataPoints[0]?.value]).toEqual([false, 4]);
  });

  it("adds the registry's default labels, a series' own label winning", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'shop', region: 'default' });
    const orders = new Counter({
      name: 'shop_orders_total',
      help: 'Orders.',
      labelNames: ['region'],
      registers: [registry],
    });
    orders.inc({ region: 'eu' });
    const { metrics } = await pipeline(registry).collect();
    expect(find<SumMetricData>(metrics, 'shop_orders_total').dataPoints[0]?.attributes).toEqual({
      service: 'shop',
      region: 'eu',
    });
  });

  it('keeps a start time per cumulative series and renews it when the series resets', async () => {
    const registry = new Registry();
    const orders = new Counter({ name: 'shop_orders_total', help: 'Orders.', registers: [registry] });
    const duration = new Histogram({ name: 'shop_wait_seconds', help: 'Wait.', buckets: [1], registers: [registry] });
    orders.inc(5);
    duration.observe(0.5);
    const bridge = pipeline(registry);
    const first = await bridge.collect();
    const started = clock.now();

    await clock.advance(15_000);
    orders.inc(2);
    duration.observe(0.5);
    const second = await bridge.collect();
    expect(ms(find<SumMetricData>(second.metrics, 'shop_orders_total').dataPoints[0]?.startTime as HrTime)).toBe(
      started,
    );
    expect(find<SumMetricData>(second.metrics, 'shop_orders_total').dataPoints[0]?.value).toBe(7);
    expect(ms(find<HistogramMetricData>(second.metrics, 'shop_wait_seconds').dataPoints[0]?.startTime as HrTime)).toBe(
      started,
    );

    await clock.advance(15_000);
    registry.resetMetrics();
    orders.inc(1);
    const third = await bridge.collect();
    const reset = find<SumMetricData>(third.metrics, 'shop_orders_total').dataPoints[0];
    expect(reset?.value).toBe(1);
    expect(ms(reset?.startTime as HrTime)).toBe(clock.now());
    // A reset histogram has no series until the next observation, which starts a new stream.
    expect(third.metrics.map((m) => m.descriptor.name)).toEqual(['shop_orders_total']);
    await clock.advance(15_000);
    duration.observe(2);
    const fourth = await bridge.collect();
    const restarted = find<HistogramMetricData>(fourth.metrics, 'shop_wait_seconds').dataPoints[0];
    expect(restarted?.value.count).toBe(1);
    expect(ms(restarted?.startTime as HrTime)).toBe(clock.now());
    expect(first.metrics).toHaveLength(2);
  });

  it('drops a metric removed from the registry, and one registered again starts afresh', async () => {
    const registry = new Registry();
    const make = () => new Counter({ name: 'shop_jobs_total', help: 'Jobs.', registers: [registry] });
    make().inc(10);
    new Gauge({ name: 'shop_up', help: 'Up.', registers: [registry] }).set(1);
    const bridge = pipeline(registry);
    await bridge.collect();

    await clock.advance(10_000);
    registry.removeSingleMetric('shop_jobs_total');
    const without = await bridge.collect();
    expect(without.metrics.map((m) => m.descriptor.name)).toEqual(['shop_up']);

    await clock.advance(10_000);
    make().inc(20);
    const again = await bridge.collect();
    const point = find<SumMetricData>(again.metrics, 'shop_jobs_total').dataPoints[0];
    expect(point?.value).toBe(20);
    expect(ms(point?.startTime as HrTime)).toBe(clock.now());
  });

  it('drops a series removed from a metric', async () => {
    const registry = new Registry();
    const conns = new Gauge({ name: 'shop_connections', help: 'Open.', labelNames: ['room'], registers: [registry] });
    conns.set({ room: 'a' }, 1);
    conns.set({ room: 'b' }, 2);
    const bridge = pipeline(registry);
    await bridge.collect();
    conns.remove({ room: 'a' });
    const { metrics } = await bridge.collect();
    expect(find<GaugeMetricData>(metrics, 'shop_connections').dataPoints.map((p) => p.attributes)).toEqual([
      { room: 'b' },
    ]);
  });

  it('reads collect() callbacks at export time; a failing one loses its metric, not the export', async () => {
    const registry = new Registry();
    let depth = 3;
    new Gauge({
      name: 'shop_depth',
      help: 'Depth.',
      registers: [registry],
      collect() {
        this.set(depth);
      },
    });
    new Gauge({
      name: 'shop_broken',
      help: 'Broken.',
      registers: [registry],
      collect() {
        throw new Error('stats unavailable');
      },
    });
    const bridge = pipeline(registry);
    expect(find<GaugeMetricData>((await bridge.collect()).metrics, 'shop_depth').dataPoints[0]?.value).toBe(3);
    depth = 9;
    const { metrics, errors } = await bridge.collect();
    expect(find<GaugeMetricData>(metrics, 'shop_depth').dataPoints[0]?.value).toBe(9);
    expect(metrics.map((m) => m.descriptor.name)).not.toContain('shop_broken');
    expect(errors.map((e) => (e as Error).message)).toEqual(['stats unavailable']);
  });

  it('reads several registries, next to the SDK’s own instruments; a name in two registries is kept once', async () => {
    const sdkMetrics = new Registry();
    const appMetrics = new Registry();
    new Counter({ name: 'outrider_retry_attempts_total', help: 'Attempts.', registers: [sdkMetrics] }).inc();
    new Counter({ name: 'app_orders_total', help: 'Orders.', registers: [appMetrics] }).inc(2);
    new Counter({ name: 'app_orders_total', help: 'Duplicate.', registers: [sdkMetrics] }).inc(5);
    const bridge = pipeline(sdkMetrics, appMetrics);
    bridge.provider.getMeter('otel').createCounter('otel_things').add(1);
    const { resourceMetrics, metrics, errors } = await bridge.collect();

    expect(metrics.map((m) => m.descriptor.name)).toEqual(['outrider_retry_attempts_total', 'app_orders_total']);
    expect(find<SumMetricData>(metrics, 'app_orders_total').dataPoints[0]?.value).toBe(5);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'prometheus bridge: metric app_orders_total is in more than one registry; the first is kept',
    ]);
    expect(resourceMetrics.scopeMetrics.map((s) => s.scope.name)).toEqual(['otel', PROMETHEUS_BRIDGE_SCOPE]);
  });

  it('refuses registries that are not prom-client registries', () => {
    expect(() => new PrometheusBridge({ registries: [{} as Registry] })).toThrow(/registries must be an array/);
  });
});
