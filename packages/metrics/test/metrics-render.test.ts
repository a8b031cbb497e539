import { setImmediate as nextTurn } from 'node:timers/promises';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../src/index.js';
import { parseExposition } from './metrics-exposition.js';
import { richRegistry } from './metrics-registry.js';

async function render(registry: Registry, options: Parameters<typeof renderMetrics>[1] = {}): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of renderMetrics(registry, options)) chunks.push(chunk);
  return chunks;
}

describe('renderMetrics (Prometheus text 0.0.4)', () => {
  it("parses back identical to prom-client's registry.metrics(): every type, escapes, NaN and ±Inf", async () => {
    const registry = richRegistry({ withNaN: true });
    const ours = parseExposition((await render(registry)).join(''));
    const theirs = parseExposition(await registry.metrics());
    expect(ours.families.map((family) => family.name)).toContain('app_payload_bytes');
    expect(ours).toEqual(theirs);
    const requests = ours.families.find((family) => family.name === 'app_requests_total');
    expect(requests?.help).toBe('Requests served, by "method" and path \\ with a\nsecond line.');
    expect(requests?.samples.map((sample) => sample.labels.path)).toContain('/a"b\\c\nd');
  });

  it('writes NaN as NaN (prom-client writes Nan)', async () => {
    const text = (await render(richRegistry({ withNaN: true }))).join('');
    expect(text).toContain('app_temperature_celsius{zone="unknown"} NaN\n');
    expect(text).toContain('app_temperature_celsius{zone="hot"} +Inf\n');
    expect(text).toContain('app_temperature_celsius{zone="cold"} -Inf\n');
    expect(text).toContain('app_latency_seconds_bucket{le="+Inf",route="/x",code="200"} 3\n');
  });

  it("is byte for byte prom-client's output when no value is NaN", async () => {
    const registry = richRegistry();
    expect((await render(registry)).join('')).toBe(await registry.metrics());
  });

  it("applies the registry's default labels, the sample's own labels winning", async () => {
    const registry = richRegistry({ withNaN: true, defaultLabels: { service: 'api', zone: 'default-zone' } });
    const ours = parseExposition((await render(registry)).join(''));
    expect(ours).toEqual(parseExposition(await registry.metrics()));
    const temperature = ours.families.find((family) => family.name === 'app_temperature_celsius');
    expect(temperature?.samples[0]?.labels).toEqual({ service: 'api', zone: 'hot' });
    const restarts = ours.families.find((family) => family.name === 'app_restarts_total');
    expect(restarts?.samples[0]?.labels).toEqual({ service: 'api', zone: 'default-zone' });
  });

  it('renders what a get() replaced on the metric returns, series appended included', async () => {
    const registry = new Registry();
    const gauge = new Gauge({
      name: 'app_connections',
      help: 'Open connections.',
      labelNames: ['room'],
      registers: [registry],
    });
    gauge.set({ room: 'own' }, 1);
    const original = gauge.get.bind(gauge);
    // As the otlp plugin shares a sidecar metric with an app's series of the same name.
    Object.defineProperty(gauge, 'get', {
      value: async () => {
        const data = await original();
        return { ...data, values: [...data.values, { labels: { room: 'app' }, value: 2 }] };
      },
    });
    const text = (await render(registry)).join('');
    expect(text).toContain('app_connections{room="own"} 1\n');
    expect(text).toContain('app_connections{room="app"} 2\n');
    expect(parseExposition(text)).toEqual(parseExposition(await registry.metrics()));
  });

  it('an empty registry renders as a single newline, like prom-client', async () => {
    const registry = new Registry();
    expect((await render(registry)).join('')).toBe(await registry.metrics());
  });

  it('hands out the text in chunks of about chunkSize', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'many_total', help: 'Many.', labelNames: ['i'], registers: [registry] });
    for (let i = 0; i < 5000; i++) counter.inc({ i: String(i) });
    const chunks = await render(registry, { chunkSize: 8192 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(await registry.metrics());
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(8192);
  });

  it('yields to the event loop between slices, so other work runs during a long render', async () => {
    const registry = new Registry();
    for (let m = 0; m < 50; m++) {
      const counter = new Counter({ name: `family_${m}_total`, help: 'x', labelNames: ['i'], registers: [registry] });
      for (let i = 0; i < 200; i++) counter.inc({ i: String(i) });
    }
    let turns = 0;
    let rendering = true;
    const spinner = (async () => {
      while (rendering) {
        await nextTurn();
        turns++;
      }
    })();
    // slice 0: every check point yields: at least once per metric.
    await render(registry, { slice: 0 });
    rendering = false;
    await spinner;
    expect(turns).toBeGreaterThanOrEqual(50);

    turns = 0;
    rendering = true;
    const idle = (async () => {
      while (rendering) {
        await nextTurn();
        turns++;
      }
    })();
    await render(registry, { slice: '1m' });
    rendering = false;
    await idle;
    expect(turns).toBeLessThan(5);
  });

  it('slices inside one large histogram, and renders it exactly as prom-client does', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'big_latency_seconds',
      help: 'One histogram with many series.',
      labelNames: ['route'],
      buckets: [0.1, 1],
      registers: [registry],
    });
    for (let i = 0; i < 2_000; i++) histogram.observe({ route: `/r/${i}` }, (i % 10) / 5);
    let turns = 0;
    let rendering = true;
    const spinner = (async () => {
      while (rendering) {
        await nextTurn();
        turns++;
      }
    })();
    // 2,000 series × 5 lines: one metric, 10,000 lines, so slice 0 must yield inside it.
    const text = (await render(registry, { slice: 0 })).join('');
    rendering = false;
    await spinner;
    expect(turns).toBeGreaterThanOrEqual(10_000 / 256 - 1);
    expect(text).toBe(await registry.metrics());
  });

  it.each([
    ['counter', Counter],
    ['gauge', Gauge],
  ] as const)('slices inside one large %s, and renders it exactly as prom-client does', async (_kind, Metric) => {
    const registry = new Registry();
    const metric = new Metric({
      name: 'big_items',
      help: 'Many series.',
      labelNames: ['route'],
      registers: [registry],
    });
    const record = (labels: { route: string }, value: number) =>
      metric instanceof Gauge ? metric.set(labels, value) : metric.inc(labels, value);
    for (let i = 0; i < 2_000; i++) record({ route: `/r/${i}` }, i + 1);
    let turns = 0;
    let rendering = true;
    const spinner = (async () => {
      while (rendering) {
        await nextTurn();
        turns++;
        // Changes during the render: a series removed is skipped, one added waits for the next scrape.
        if (turns === 1) {
          metric.remove({ route: '/r/1999' });
          record({ route: '/late' }, 1);
        }
      }
    })();
    const chunks = await render(registry, { slice: 0 });
    rendering = false;
    await spinner;
    expect(turns).toBeGreaterThanOrEqual(2_000 / 256 - 1);
    const text = chunks.join('');
    expect(text).not.toContain('/r/1999"');
    expect(text).not.toContain('/late');
    expect(text).toContain('big_items{route="/r/1998"} 1999\n');
    metric.remove({ route: '/late' });
    expect((await render(registry)).join('')).toBe(await registry.metrics());
  });
});
