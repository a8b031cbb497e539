/**
 * /metrics rendering: the sidecar's streaming renderer vs prom-client's `registry.metrics()` on
 * the same registry, at 1k, 10k and 100k series (sample lines, as Prometheus counts them), spread
 * over counters, gauges and histograms with labels. Reports total time (median of runs), output
 * size, the time of the metrics' own `get()` calls alone (a floor for both), and the longest
 * event-loop block seen during a render (worst of the runs), measured by a 1 ms interval's drift.
 *
 *   node_modules/.bin/tsc -b packages/sidecar && node_modules/.bin/node packages/sidecar/bench/metrics-render.bench.ts
 */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '@outrider/core';
import { renderMetrics } from '@outrider/metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type AgentApi, createHttpServer } from '../dist/index.js';

const RUNS = 7;
setFlagsFromString('--expose-gc');
/** Collected before each measurement, so one run's garbage is not another's pause. */
const gc = runInNewContext('gc') as () => void;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LINES_PER_HISTOGRAM_SERIES = BUCKETS.length + 3; // buckets, +Inf, _sum, _count

interface Shape {
  series: number;
  metrics: number;
}

const SHAPES: Shape[] = [
  { series: 1_000, metrics: 10 },
  { series: 10_000, metrics: 40 },
  { series: 100_000, metrics: 100 },
];

/** Half the metrics are counters, a quarter gauges, a quarter histograms; each holds an equal share of lines. */
function buildRegistry({ series, metrics }: Shape): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'checkout' });
  const linesPerMetric = Math.ceil(series / metrics);
  const labelNames = ['method', 'route', 'code'] as const;
  const labels = (i: number) => ({
    method: ['GET', 'POST', 'PUT', 'DELETE'][i % 4] as string,
    route: `/api/v1/resource/${i}`,
    code: String(200 + (i % 5)),
  });
  for (let m = 0; m < metrics; m++) {
    const kind = m % 4 === 3 ? 'histogram' : m % 4 === 2 ? 'gauge' : 'counter';
    if (kind === 'histogram') {
      const histogram = new Histogram({
        name: `bench_latency_${m}_seconds`,
        help: `Latency of part ${m}.`,
        labelNames,
        buckets: BUCKETS,
        registers: [registry],
      });
      const sets = Math.max(1, Math.round(linesPerMetric / LINES_PER_HISTOGRAM_SERIES));
      for (let i = 0; i < sets; i++) histogram.observe(labels(i), (i % 100) / 97);
    } else if (kind === 'gauge') {
      const gauge = new Gauge({
        name: `bench_inflight_${m}`,
        help: `In flight, part ${m}.`,
        labelNames,
        registers: [registry],
      });
      for (let i = 0; i < linesPerMetric; i++) gauge.set(labels(i), i * 1.5);
    } else {
      const counter = new Counter({
        name: `bench_requests_${m}_total`,
        help: `Requests of part ${m}.`,
        labelNames,
        registers: [registry],
      });
      for (let i = 0; i < linesPerMetric; i++) counter.inc(labels(i), i + 1);
    }
  }
  return registry;
}

/** Runs `work` while a 1 ms interval measures the longest gap between its ticks (the longest block). */
async function measure(work: () => Promise<number>): Promise<{ ms: number; bytes: number; blockMs: number }> {
  gc();
  let last = performance.now();
  let longest = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  last = performance.now();
  longest = 0;
  const started = performance.now();
  const bytes = await work();
  const ms = performance.now() - started;
  // One more tick, so a block that lasted to the end of the work is measured too.
  await new Promise((resolve) => setTimeout(resolve, 2));
  clearInterval(sampler);
  return { ms, bytes, blockMs: longest };
}

async function viaPromClient(registry: Registry): Promise<number> {
  return Buffer.byteLength(await registry.metrics());
}

async function viaStreaming(registry: Registry): Promise<number> {
  let bytes = 0;
  for await (const chunk of renderMetrics(registry)) bytes += Buffer.byteLength(chunk);
  return bytes;
}

interface Collectable {
  get(): Promise<unknown>;
  getForPromString?(): Promise<unknown>;
}

async function getOnly(registry: Registry): Promise<number> {
  for (const metric of registry.getMetricsAsArray() as unknown as Collectable[]) {
    await (metric.getForPromString ? metric.getForPromString() : metric.get());
  }
  return 0;
}

const sleep = (ms: number) => new Promise<number>((resolve) => setTimeout(resolve, ms, 0));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const spread = (values: number[]) => `${fmt(median(values))} / ${fmt(Math.max(...values))} ms`;

const rows: string[] = [];
for (const shape of SHAPES) {
  const registry = buildRegistry(shape);
  const lines = (await registry.metrics()).split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  const results = { prom: [] as number[], ours: [] as number[], get: [] as number[] };
  const blocks = { prom: [] as number[], ours: [] as number[], idle: [] as number[] };
  let bytes = { prom: 0, ours: 0 };
  for (let run = -2; run < RUNS; run++) {
    // Alternate which goes first; the first two rounds warm up.
    const order = run % 2 === 0 ? (['prom', 'ours'] as const) : (['ours', 'prom'] as const);
    for (const who of order) {
      const result = await measure(() => (who === 'prom' ? viaPromClient(registry) : viaStreaming(registry)));
      if (run < 0) continue;
      results[who].push(result.ms);
      blocks[who].push(result.blockMs);
      bytes = { ...bytes, [who]: result.bytes };
    }
    const floor = await measure(() => getOnly(registry));
    // The noise floor: the same sampler while the loop sleeps as long as a streaming render takes.
    const idle = await measure(() => sleep(Math.max(2, median(results.ours.length ? results.ours : [2]))));
    if (run >= 0) {
      results.get.push(floor.ms);
      blocks.idle.push(idle.blockMs);
    }
  }
  if (bytes.prom !== bytes.ours) throw new Error(`outputs differ in size: ${bytes.prom} vs ${bytes.ours}`);
  const prom = median(results.prom);
  const ours = median(results.ours);
  rows.push(
    `| ${lines.toLocaleString('en')} | ${shape.metrics} | ${(bytes.ours / 1e6).toFixed(2)} MB | ${fmt(prom)} ms | ${fmt(ours)} ms | **${(ours / prom).toFixed(2)}x** | ${fmt(median(results.get))} ms | ${spread(blocks.prom)} | **${spread(blocks.ours)}** | ${spread(blocks.idle)} |`,
  );
}

console.log(`Node ${process.version}, ${RUNS} runs per cell after 2 warm-up rounds; times are medians,`);
console.log('longest event-loop blocks are median / worst of the runs; "idle" is the sampler while the loop sleeps.\n');
console.log(
  '| series | metrics | bytes | prom-client `metrics()` | streaming render | ratio (target ≤ 1.0x) | `get()` alone | longest block, prom-client | longest block, streaming (target < 20 ms) | idle |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);

// ---- End to end: a scrape over HTTP of the 100k registry, client in the same process ----------

/** GETs `url` and counts the body bytes as they arrive (no decoding: the client's work stays small). */
function scrape(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const api: AgentApi = {
  status: () => [],
  readiness: () => ({ ready: true, notReady: [], degraded: [] }),
  effectiveConfig: () => ({}),
  plugins: () => [],
  schedulerJobs: () => [],
  cacheStats: () => [],
  queueStats: () => [],
  reload: async () => ({
    result: 'unchanged',
    added: [],
    removed: [],
    reconfigured: [],
    restarted: [],
    pendingRestart: [],
  }),
  restartPlugin: async () => {},
  setLogLevel: () => {},
};

const big = buildRegistry(SHAPES.at(-1) as Shape);
const sidecar = createHttpServer({ port: 0, registry: big, api });
sidecar.initialize({ name: 'http', config: {}, logger: silentLogger } as never);
await sidecar.start();
// What a prom-client app typically does: the whole text in one string, then one write.
const plain = createServer((_req, res) => {
  big.metrics().then((text) => {
    res.setHeader('Content-Type', big.contentType);
    res.end(text);
  });
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/metrics`;

const variants: { name: string; url: string; headers: Record<string, string> }[] = [
  { name: 'prom-client `metrics()` + `res.end`', url: plainUrl, headers: {} },
  { name: 'sidecar `/metrics`, identity', url: `${sidecar.url}/metrics`, headers: { 'accept-encoding': 'identity' } },
  { name: 'sidecar `/metrics`, gzip', url: `${sidecar.url}/metrics`, headers: { 'accept-encoding': 'gzip' } },
];
const e2e = variants.map(() => ({ ms: [] as number[], block: [] as number[], bytes: 0 }));
for (let run = -1; run < 5; run++) {
  for (const [i, variant] of variants.entries()) {
    const result = await measure(() => scrape(variant.url, variant.headers));
    if (run < 0) continue;
    const cell = e2e[i] as (typeof e2e)[number];
    cell.ms.push(result.ms);
    cell.block.push(result.blockMs);
    cell.bytes = result.bytes;
  }
}
await sidecar.stop();
plain.close();

console.log('\nA whole scrape of the 100k-series registry over HTTP (5 runs; client in the same process):\n');
console.log('| server | bytes on the wire | scrape time | longest block (median / worst) |');
console.log('| --- | ---: | ---: | ---: |');
for (const [i, variant] of variants.entries()) {
  const cell = e2e[i] as (typeof e2e)[number];
  console.log(
    `| ${variant.name} | ${(cell.bytes / 1e6).toFixed(2)} MB | ${fmt(median(cell.ms))} ms | ${spread(cell.block)} |`,
  );
}
