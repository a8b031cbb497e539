import { counter, gauge, histogram } from '@outrider/metrics';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SeriesHistory } from '../src/console/series-history.js';
import { histogramQuantile, SeriesSampler } from '../src/console/series-sampler.js';

describe('SeriesHistory', () => {
  it('keeps the last `capacity` samples, oldest first, with null where a line had no value', () => {
    const history = new SeriesHistory(3);
    history.push(1000, [{ chart: 'a', label: 'x', value: 1 }]);
    history.push(2000, [{ chart: 'a', label: 'y', value: 5 }]);
    history.push(3000, [{ chart: 'a', label: 'x', value: 3 }]);
    history.push(4000, [{ chart: 'a', label: 'x', value: 4 }]);
    expect(history.snapshot()).toEqual({
      times: [2000, 3000, 4000],
      series: [
        { chart: 'a', label: 'x', values: [null, 3, 4] },
        { chart: 'a', label: 'y', values: [5, null, null] },
      ],
    });
  });

  it('forgets a line silent for the whole window, and refuses lines past `maxLines`, counting their points', () => {
    const history = new SeriesHistory(2, 2);
    history.push(1, [
      { chart: 'a', label: 'x', value: 1 },
      { chart: 'a', label: 'y', value: 1 },
      { chart: 'a', label: 'z', value: 1 },
    ]);
    expect(history.lineCount).toBe(2);
    expect(history.refused).toBe(1);
    history.push(2, [{ chart: 'a', label: 'x', value: 2 }]);
    history.push(3, [{ chart: 'a', label: 'x', value: 3 }]);
    expect(history.snapshot().series.map((line) => line.label)).toEqual(['x']);
    history.push(4, [{ chart: 'a', label: 'z', value: 4 }]);
    expect(history.refused).toBe(1);
    expect(history.snapshot().series.map((line) => line.label)).toEqual(['x', 'z']);
  });
});

describe('histogramQuantile', () => {
  it('interpolates within the bucket holding the rank, as Prometheus does', () => {
    // 100 observations: 50 up to 0.1 s, 90 up to 0.5 s, all up to 1 s.
    const buckets: [number, number][] = [
      [0.1, 50],
      [0.5, 90],
      [1, 100],
      [Number.POSITIVE_INFINITY, 100],
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.95);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.3);
  });

  it('answers the highest finite bound when the rank falls in +Inf, and nothing without observations', () => {
    expect(
      histogramQuantile(0.99, [
        [1, 10],
        [Number.POSITIVE_INFINITY, 100],
      ]),
    ).toBe(1);
    expect(histogramQuantile(0.99, [[Number.POSITIVE_INFINITY, 0]])).toBeUndefined();
  });
});

describe('SeriesSampler', () => {
  it('turns counters into per-second rates since the last sample, gauges as they are, and restarts a reset counter from 0', async () => {
    const registry = new Registry();
    const items = counter(registry, {
      name: 'outrider_otlp_items_total',
      help: 'items',
      labelNames: ['plugin', 'signal', 'outcome'],
    });
    const rss = gauge(registry, {
      name: 'outrider_process_resident_memory_bytes',
      help: 'rss',
      labelNames: ['plugin'],
    });
    const sampler = new SeriesSampler(registry);
    items.inc({ plugin: 'otlp', signal: 'traces', outcome: 'received' }, 10);
    items.inc({ plugin: 'otlp', signal: 'traces', outcome: 'accepted' }, 10);
    rss.set({ plugin: 'app' }, 1000);
    const first = await sampler.sample(0);
    // No rate without a previous sample; gauges right away.
    expect(first).toEqual([{ chart: 'process-rss', label: 'app', value: 1000 }]);
    items.inc({ plugin: 'otlp', signal: 'traces', outcome: 'received' }, 20);
    const second = await sampler.sample(5000);
    expect(second).toContainEqual({ chart: 'otlp-items', label: 'traces received', value: 4 });
    expect(second.some((point) => point.label.includes('accepted'))).toBe(false);
    items.reset();
    items.inc({ plugin: 'otlp', signal: 'traces', outcome: 'received' }, 5);
    expect(await sampler.sample(10_000)).toContainEqual({ chart: 'otlp-items', label: 'traces received', value: 1 });
  });

  it("computes the sidecar's HTTP p99 from the interval's bucket increases, leaving out the console's event stream", async () => {
    const registry = new Registry();
    const duration = histogram(registry, {
      name: 'outrider_http_request_duration_seconds',
      help: 'duration',
      labelNames: ['method', 'route'],
      buckets: [0.01, 0.1, 1],
    });
    const sampler = new SeriesSampler(registry);
    duration.observe({ method: 'GET', route: '/metrics' }, 0.005);
    await sampler.sample(0);
    for (let i = 0; i < 100; i++) duration.observe({ method: 'GET', route: '/metrics' }, 0.05);
    // A console open for minutes ends its stream once; it must not become the p99.
    duration.observe({ method: 'GET', route: '/ui/api/live' }, 600);
    const points = await sampler.sample(5000);
    const p99 = points.find((point) => point.chart === 'http-p99');
    expect(p99?.value).toBeGreaterThan(0.01);
    expect(p99?.value).toBeLessThanOrEqual(0.1);
    expect((await sampler.sample(10_000)).some((point) => point.chart === 'http-p99')).toBe(false);
  });
});
