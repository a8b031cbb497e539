// OTLP pipeline benchmarks. Each round is a fresh process with the sidecar CLI's V8 flags that measures
// the anchors (protobufjs decode; JSON.parse alone) and the plugin's ingest side by side on the same bodies;
// the table gives the median ratio over rounds with its min–max, and the load average.
//   node bench/otlp.bench.ts                 BENCH_ROUNDS rounds (default 5), then overload
//   node bench/otlp.bench.ts --section <s>   one of: round, overload (prints JSON)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestModuleContext, createTestPluginContext } from '@outrider/testing';
import protobuf from 'protobufjs';
import { type OtlpModule, plugin } from '../dist/index.js';

const SPANS_PER_REQUEST = 1000;
const DISTINCT_PAYLOADS = 16;
/** Spans per trace: ids repeat within and across requests, so the recent-trace store fills and evicts. */
const SPANS_PER_TRACE = 10;
/** The sidecar CLI's V8 flags (packages/sidecar/src/cli.ts shebang): the plugin runs under them in production. */
const CLI_FLAGS = ['--max-semi-space-size=2'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Seconds each measure runs in a round. */
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
// Senders in flight: an OTel SDK exports one batch at a time, so two are two busy apps.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const root = protobuf.loadSync(fileURLToPath(new URL('../proto/collector.proto', import.meta.url)));
const TraceRequest = root.lookupType('opentelemetry.proto.collector.v1.ExportTraceServiceRequest');

let idCounter = 0;
const id = (bytes: number) => {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUInt32BE(++idCounter, bytes - 4);
  buffer.writeUInt32BE(Math.floor(Math.random() * 2 ** 32), 0);
  return buffer;
};

/** A request like an instrumented HTTP service sends: 1000 spans with the usual attributes, 10 per trace. */
function makeRequest() {
  const spans = [];
  let traceId = id(16);
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    const start = 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n;
    if (i % SPANS_PER_TRACE === 0) traceId = id(16);
    spans.push({
      traceId,
      spanId: id(8),
      parentSpanId: id(8),
      name: 'GET /api/items/:id',
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 2_345_678n).toString(),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.route', value: { stringValue: '/api/items/:id' } },
        { key: 'http.response.status_code', value: { intValue: 200 } },
        { key: 'url.full', value: { stringValue: `http://shop.internal:8080/api/items/${i}?view=full` } },
        { key: 'server.address', value: { stringValue: 'shop.internal' } },
        { key: 'server.port', value: { intValue: 8080 } },
        { key: 'user_agent.original', value: { stringValue: 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0' } },
        { key: 'cache.hit', value: { boolValue: i % 3 === 0 } },
      ],
      status: { code: 1 },
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'shop' } },
            { key: 'service.instance.id', value: { stringValue: 'shop-1' } },
            { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
          ],
        },
        scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.200.0' }, spans }],
      },
    ],
  };
}

/** OTLP/JSON of a request object: hex ids, the rest as protobuf's JSON mapping writes it. */
function toOtlpJson(requestObject: ReturnType<typeof makeRequest>): string {
  return JSON.stringify(requestObject, (key, value) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && Buffer.isBuffer(value)
      ? value.toString('hex')
      : value && value.type === 'Buffer' && Array.isArray(value.data)
        ? Buffer.from(value.data).toString('hex')
        : value,
  );
}

function payloads() {
  const proto: Buffer[] = [];
  const json: Buffer[] = [];
  for (let i = 0; i < DISTINCT_PAYLOADS; i++) {
    const object = makeRequest();
    proto.push(Buffer.from(TraceRequest.encode(TraceRequest.fromObject(object)).finish()));
    json.push(Buffer.from(toOtlpJson(object)));
  }
  return { proto, json };
}

function decodeRate(bodies: Buffer[], decode: (body: Buffer) => unknown, seconds = MEASURE_SECONDS): number {
  for (const body of bodies) decode(body);
  let spans = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const body of bodies) {
      decode(body);
      spans += SPANS_PER_REQUEST;
    }
  }
  return spans / ((performance.now() - started) / 1000);
}

async function startOtlp(config: Record<string, unknown>) {
  const parsed = plugin.parseConfig({ receiver: { port: 0 }, ...config });
  const ctx = createTestPluginContext({ instanceName: 'otlp', stateDir: mkdtempSync(join(tmpdir(), 'otlp-bench-')) });
  const module = plugin.create(ctx, parsed) as OtlpModule;
  await module.initialize(createTestModuleContext('otlp', parsed));
  await module.start();
  const port = module.receiverAddress?.port as number;
  const exported = async () => {
    const metric = await ctx.registry.getSingleMetric('outrider_otlp_items_total')?.get();
    return (metric?.values ?? [])
      .filter((v) => v.labels.outcome === 'exported' && v.labels.signal === 'traces')
      .reduce((sum, v) => sum + v.value, 0);
  };
  return { module, ctx, port, exported };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(port: number, body: Buffer, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        agent,
        headers: { 'content-type': contentType, 'content-length': body.length },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `requests` bodies with CONCURRENCY in flight; resolves with the statuses seen. */
async function send(port: number, bodies: Buffer[], requests: number, contentType: string, concurrency = CONCURRENCY) {
  let next = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < requests) {
      const body = bodies[next++ % bodies.length] as Buffer;
      const status = await post(port, body, contentType);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/** Spans/s accepted over HTTP into the queue (memory mode: the recent-trace store), `senders` in flight. */
async function ingest(bodies: Buffer[], contentType: string, senders: number): Promise<number> {
  const { module, port } = await startOtlp({ memory: { maxTraces: 1000 } });
  await send(port, bodies, 8, contentType, senders);
  const statuses = new Map<number, number>();
  let requests = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_SECONDS * 1000) {
    const round = await send(port, bodies, senders * 4, contentType, senders);
    for (const [status, count] of round) statuses.set(status, (statuses.get(status) ?? 0) + count);
    requests += senders * 4;
  }
  const seconds = (performance.now() - started) / 1000;
  await module.stop(AbortSignal.timeout(5000));
  if (statuses.get(200) !== requests) throw new Error(`not all accepted: ${JSON.stringify([...statuses])}`);
  return (requests * SPANS_PER_REQUEST) / seconds;
}

async function startSink(delayMs = 0) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function endToEnd(bodies: Buffer[], contentType: string, requests: number): Promise<number> {
  const sink = await startSink();
  const { module, port, exported } = await startOtlp({ exporter: { endpoint: sink.url } });
  await send(port, bodies, 10, contentType);
  while ((await exported()) < 10 * SPANS_PER_REQUEST) await new Promise((r) => setTimeout(r, 5));
  const before = await exported();
  const started = performance.now();
  await send(port, bodies, requests, contentType);
  while ((await exported()) < before + requests * SPANS_PER_REQUEST) await new Promise((r) => setTimeout(r, 2));
  const seconds = (performance.now() - started) / 1000;
  await module.stop(AbortSignal.timeout(5000));
  sink.server.close();
  return (requests * SPANS_PER_REQUEST) / seconds;
}

/**
 * Many senders (in a child process, so their buffers are not counted) against a slow backend: the
 * receiving process's live memory above its idle baseline, next to the configured limit.
 */
async function overload() {
  const limit = 16 * 1024 * 1024;
  const sink = await startSink(50);
  const { module, port } = await startOtlp({
    exporter: { endpoint: sink.url, spool: { maxBytes: 64 * 1024 * 1024 } },
    limits: { maxInflightBytes: limit },
  });
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakBuffers = 0;
  let peakRss = base.rss;
  // Live memory: sampled right after a full GC, so garbage not yet collected does not count.
  const sampler = setInterval(() => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
    peakRss = Math.max(peakRss, m.rss);
  }, 100);
  const load = execFile(process.execPath, [fileURLToPath(import.meta.url), '--section', 'load', String(port)]);
  let output = '';
  load.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise((resolve) => load.on('exit', resolve));
  clearInterval(sampler);
  await module.stop(AbortSignal.timeout(10_000));
  sink.server.close();
  return { limit, peakHeap, peakBuffers, peakRss, statuses: JSON.parse(output) };
}

/** The load generator of `overload`: 64 senders for 5 s. */
async function load(port: number) {
  const { proto } = payloads();
  const statuses = new Map<number, number>();
  const stopAt = performance.now() + 5000;
  while (performance.now() < stopAt) {
    const round = await send(port, proto, 256, 'application/x-protobuf', 64);
    for (const [status, count] of round) statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  return Object.fromEntries([...statuses].sort());
}

/** One round: each anchor and the plugin on the same bodies, in this process, one after the other. */
async function measureRound() {
  const { proto, json } = payloads();
  const text = json.map((body) => body.toString('utf8'));
  const result: Record<string, number> = {};
  result.decodeProto = decodeRate(proto, (body) => TraceRequest.decode(body));
  result.ingestProto1 = await ingest(proto, 'application/x-protobuf', 1);
  result.ingestProto8 = await ingest(proto, 'application/x-protobuf', 8);
  // The JSON anchor is JSON.parse alone (what any JSON receiver must do), on the bodies as text.
  let i = 0;
  result.parseJson = decodeRate(json, () => JSON.parse(text[i++ % text.length] as string));
  result.ingestJson1 = await ingest(json, 'application/json', 1);
  result.ingestJson8 = await ingest(json, 'application/json', 8);
  result.e2eProto = await endToEnd(proto, 'application/x-protobuf', 100);
  result.e2eJson = await endToEnd(json, 'application/json', 100);
  result.protoBytes = proto[0]?.length ?? 0;
  result.jsonBytes = json[0]?.length ?? 0;
  return result;
}

async function section(name: string): Promise<unknown> {
  if (name === 'overload') return overload();
  if (name === 'load') return load(Number(process.argv[4]));
  if (name === 'round') return measureRound();
  throw new Error(`unknown section ${name}`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
/** `0.61× (0.52–0.70)`: median over rounds with its spread. */
const spread = (values: number[], digits = 2, unit = '×') =>
  `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

if (process.argv[2] === '--section') {
  process.stdout.write(`${JSON.stringify(await section(process.argv[3] as string))}\n`);
  process.exit(0);
} else {
  const run = (name: string) =>
    JSON.parse(
      execFileSync(process.execPath, [...CLI_FLAGS, '--expose-gc', fileURLToPath(import.meta.url), '--section', name], {
        encoding: 'utf8',
      }),
    );
  const loadBefore = loadavg()[0] as number;
  const rounds: Record<string, number>[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(run('round'));
  const loadAfter = loadavg()[0] as number;
  const ratio = (ours: string, anchor: string) =>
    rounds.map((round) => (round[ours] as number) / (round[anchor] as number));
  const rate = (key: string) => rounds.map((round) => (round[key] as number) / 1000);
  const first = rounds[0] as Record<string, number>;
  console.log(
    `payload: ${SPANS_PER_REQUEST} spans per request (${SPANS_PER_TRACE} per trace), ${first.protoBytes} B protobuf, ${first.jsonBytes} B JSON; ` +
      `${ROUNDS} rounds, each a fresh process with ${CLI_FLAGS.join(' ')}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after\n`,
  );
  console.log('| row | ours (median k spans/s) | anchor | ratio, median (min–max) | goal |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| protobuf ingest, 1 sender | ${spread(rate('ingestProto1'), 0, 'k')} | protobufjs decode ${spread(rate('decodeProto'), 0, 'k')} | ${spread(ratio('ingestProto1', 'decodeProto'))} | ≥ 0.5× |`,
  );
  console.log(
    `| protobuf ingest, 8 senders | ${spread(rate('ingestProto8'), 0, 'k')} | protobufjs decode | ${spread(ratio('ingestProto8', 'decodeProto'))} | ≥ 0.5× |`,
  );
  console.log(
    `| JSON ingest, 1 sender | ${spread(rate('ingestJson1'), 0, 'k')} | JSON.parse ${spread(rate('parseJson'), 0, 'k')} | ${spread(ratio('ingestJson1', 'parseJson'))} | ≥ 0.5× |`,
  );
  console.log(
    `| JSON ingest, 8 senders | ${spread(rate('ingestJson8'), 0, 'k')} | JSON.parse | ${spread(ratio('ingestJson8', 'parseJson'))} | ≥ 0.5× |`,
  );
  console.log(`| protobuf receive → spool → export | ${spread(rate('e2eProto'), 0, 'k')} | – | – | ≥ 50k |`);
  console.log(`| JSON receive → spool → export | ${spread(rate('e2eJson'), 0, 'k')} | – | – | ≥ 50k |`);
  if (process.env.BENCH_OVERLOAD !== '0') {
    const over = run('overload');
    const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    console.log(
      `\noverload (64 senders in another process, backend 50 ms per request, 5 s): peak live heap growth ${MiB(over.peakHeap)} + buffers ${MiB(over.peakBuffers)} (sampled after GC) vs limit ${MiB(over.limit)}; peak RSS ${MiB(over.peakRss)}; responses ${JSON.stringify(over.statuses)}`,
    );
  }
}
