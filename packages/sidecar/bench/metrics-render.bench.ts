/**
 * /metrics rendering: the streaming renderer (@outrider/metrics) vs prom-client's
 * `registry.metrics()` on the same registry, side by side in rounds that alternate the two
 * (scripts/bench/harness.ts), at 1k, 10k and 100k series (sample lines, as Prometheus counts them)
 * spread over counters, gauges and histograms, and at 50k series in one metric. Each row pair gives
 * the render time and the longest event-loop block during a render, measured by a 1 ms interval's
 * drift. Then a whole scrape over HTTP of the 100k registry: the sidecar's /metrics against a
 * prom-client app's `metrics()` + `res.end`.
 *
 *   npm run build && npm run bench -w @outrider/sidecar
 */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '@outrider/core';
import { renderMetrics } from '@outrider/metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { compareEach, type RowResult, report } from '../../../scripts/bench/harness.ts';
import type { AgentApi } from '../dist/http/agent-api.js';
import { createHttpServer } from '../dist/http/server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** The longest event-loop block a scrape may cause, in ms. */
const BLOCK_TARGET_MS = 20;
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
  // One metric holding every series: the shape that used to block longest.
  { series: 50_000, metrics: 1 },
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

const rows: RowResult[] = [];
const renderReport = (registry: Registry, render: (registry: Registry) => Promise<number>) => async () => {
  const { ms, bytes, blockMs } = await measure(() => render(registry));
  return { ms, bytes, blockMs };
};
for (const shape of SHAPES) {
  const registry = buildRegistry(shape);
  const lines = (await registry.metrics()).split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  const what = `${lines.toLocaleString('en')} series in ${shape.metrics} ${shape.metrics === 1 ? 'metric' : 'metrics'}`;
  const ours = renderReport(registry, viaStreaming);
  const anchor = renderReport(registry, viaPromClient);
  const [a, b] = [await ours(), await anchor()];
  if (a.bytes !== b.bytes) throw new Error(`outputs differ in size: ${a.bytes} vs ${b.bytes}`);
  rows.push(
    ...(await compareEach({
      anchorName: 'prom-client `metrics()`',
      rounds: ROUNDS,
      ours,
      anchor,
      rows: [
        { row: `render, ${what}`, unit: 'ms', key: 'ms', goal: { on: 'ratio', op: '<=', value: 1 } },
        {
          row: `longest block, ${what}`,
          unit: 'ms',
          key: 'blockMs',
          goal: { on: 'ours', op: '<', value: BLOCK_TARGET_MS },
        },
      ],
    })),
  );
}

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
  configSources: () => ({}),
  plugins: () => [],
  schedulerJobs: () => [],
  runJob: async (id) => ({ jobId: id, outcome: 'success' }),
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

const identity = { 'accept-encoding': 'identity' };
const scrapeReport = (url: string, headers: Record<string, string>) => async () => {
  const { ms, blockMs } = await measure(() => scrape(url, headers));
  return { ms, blockMs };
};
const promClientScrape = scrapeReport(plainUrl, identity);
for (const [encoding, headers] of [
  ['identity', identity],
  ['gzip', { 'accept-encoding': 'gzip' }],
] as const) {
  rows.push(
    ...(await compareEach({
      anchorName: 'prom-client `metrics()` + `res.end`',
      rounds: ROUNDS,
      ours: scrapeReport(`${sidecar.url}/metrics`, headers),
      anchor: promClientScrape,
      rows: [
        { row: `scrape over HTTP, 100k series, ${encoding}`, unit: 'ms', key: 'ms' },
        {
          row: `longest block, scrape over HTTP, 100k series, ${encoding}`,
          unit: 'ms',
          key: 'blockMs',
          goal: { on: 'ours', op: '<', value: BLOCK_TARGET_MS },
        },
      ],
    })),
  );
}
await sidecar.stop();
plain.close();
report('/metrics rendering: streaming renderer against prom-client on the same registry', rows);
