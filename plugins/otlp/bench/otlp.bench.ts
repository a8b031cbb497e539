// OTLP pipeline against its anchors, on the same 1000-span request bodies (bench/payloads.ts):
//   protobuf ingest (HTTP → checked records → queue → recent-trace store), 1 and 8 senders, against
//     protobufjs `decode` of the same bodies;
//   OTLP/JSON ingest, likewise, against `JSON.parse` alone of the same bodies (as text).
// End to end through the sidecar process (receive → spool → export) needs the sidecar, which depends on
// this plugin: that row is measured by the cross-package workspace (test/bench/otlp-end-to-end.bench.ts).
// Every measurement is a fresh process with the sidecar CLI's V8 flags; the sides alternate (A B, B A, …)
// for BENCH_ROUNDS rounds (at least 5). Ingest runs in memory mode: the recent-trace store fills and evicts.
// Run after a build: npm run bench -w @outrider/plugin-otlp
//   OUTRIDER_BENCH_SIDE=overload node --expose-gc bench/otlp.bench.ts   memory limiter: 64 senders, slow backend
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestModuleContext, createTestPluginContext } from '@outrider/testing';
import { childSide, compareEach, freshReport, report, reportFromChild } from '../../../scripts/bench/harness.ts';
import { plugin } from '../dist/index.js';
import type { OtlpModule } from '../dist/otlp-module.js';
import { CONTENT_TYPE, expectAllAccepted, payloads, SPANS_PER_REQUEST, send, TraceRequest } from './payloads.ts';

/** The sidecar CLI's V8 flags (the shebang of packages/sidecar/src/cli.ts): the plugin runs under them. */
const CLI_FLAGS = ['--max-semi-space-size=2'];
/** The harness's environment variable naming the side a child measures. */
const SIDE_ENV = 'OUTRIDER_BENCH_SIDE';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Seconds each rate is measured for. */
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

/** Spans/s of `decode` over the bodies, after one unmeasured pass. */
function decodeRate<T>(bodies: T[], decode: (body: T) => unknown): number {
  for (const body of bodies) decode(body);
  let spans = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_SECONDS * 1000) {
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
  return { module, port: module.receiverAddress?.port as number };
}

/** Spans/s accepted over keep-alive HTTP in memory mode (the embedded default), `senders` in flight. */
async function ingestRate(bodies: Buffer[], contentType: string, senders: number): Promise<number> {
  const { module, port } = await startOtlp({});
  expectAllAccepted(await send(port, bodies, 16, contentType, senders), 16);
  let requests = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_SECONDS * 1000) {
    expectAllAccepted(await send(port, bodies, senders * 4, contentType, senders), senders * 4);
    requests += senders * 4;
  }
  const seconds = (performance.now() - started) / 1000;
  await module.stop(AbortSignal.timeout(5000));
  return (requests * SPANS_PER_REQUEST) / seconds;
}

async function ingest(format: 'proto' | 'json') {
  const bodies = payloads()[format];
  return {
    one: await ingestRate(bodies, CONTENT_TYPE[format], 1),
    eight: await ingestRate(bodies, CONTENT_TYPE[format], 8),
  };
}

/** An anchor measured once, reported under both sender counts' keys. */
const anchorRate = (rate: number) => ({ one: rate, eight: rate });

/**
 * Many senders (in another process, so their buffers are not counted) against a slow backend: the
 * receiving process's live memory above its idle baseline, next to the configured limit.
 */
async function overload() {
  const limit = 16 * 1024 * 1024;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end(), 50));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const { module, port } = await startOtlp({
    exporter: {
      endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      spool: { maxBytes: 64 * 1024 * 1024 },
    },
    limits: { maxInflightBytes: limit },
  });
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakBuffers = 0;
  // Live memory: sampled right after a full GC, so garbage not yet collected does not count.
  const sampler = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
  }, 100);
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [import.meta.filename],
      { env: { ...process.env, [SIDE_ENV]: 'overload-senders', BENCH_PORT: String(port) } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  clearInterval(sampler);
  await module.stop(AbortSignal.timeout(10_000));
  sink.close();
  const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `overload (64 senders in another process, backend 50 ms per request, 5 s): peak live heap growth ${MiB(peakHeap)} + buffers ${MiB(peakBuffers)} (sampled after GC) vs limit ${MiB(limit)}; responses ${output.trim()}`,
  );
}

/** The senders of `overload`: 64 in flight for 5 s. */
async function overloadSenders(port: number) {
  const { proto } = payloads();
  const statuses = new Map<number, number>();
  const stopAt = performance.now() + 5000;
  while (performance.now() < stopAt) {
    for (const [status, count] of await send(port, proto, 256, CONTENT_TYPE.proto, 64))
      statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  console.log(JSON.stringify(Object.fromEntries([...statuses].sort())));
}

const file = import.meta.filename;
const side = childSide();
switch (side) {
  case undefined:
    break;
  case 'decode-proto': {
    const { proto } = payloads();
    reportFromChild(anchorRate(decodeRate(proto, (body) => TraceRequest.decode(body))));
    break;
  }
  case 'parse-json': {
    // JSON.parse alone, on the bodies as text: what any JSON receiver does at the least.
    const text = payloads().json.map((body) => body.toString('utf8'));
    reportFromChild(anchorRate(decodeRate(text, (body) => JSON.parse(body))));
    break;
  }
  case 'ingest-proto':
  case 'ingest-json':
    reportFromChild(await ingest(side === 'ingest-proto' ? 'proto' : 'json'));
    break;
  case 'overload':
    await overload();
    process.exit(0);
    break;
  case 'overload-senders':
    await overloadSenders(Number(process.env.BENCH_PORT));
    process.exit(0);
    break;
  default:
    throw new Error(`unknown side ${side}`);
}

if (side === undefined) {
  const measure = (name: string) => freshReport(file, name, CLI_FLAGS);
  const shared = { rounds: ROUNDS, warmUp: false };
  const ratioGoal = { on: 'ratio', op: '>=', value: 0.5 } as const;
  const jsonNote =
    'reading the body (bytes to checked protobuf records) alone measures 0.73× JSON.parse in one process; the HTTP receive of an 800 KB body and the recent-trace store, which protobuf ingest pays as well, take the rest: see the otlp README.';
  const rows = [
    ...(await compareEach({
      ...shared,
      anchorName: 'protobufjs `decode`',
      ours: measure('ingest-proto'),
      anchor: measure('decode-proto'),
      rows: [
        { row: 'OTLP/protobuf ingest, 1 sender', unit: 'spans/s', key: 'one', goal: ratioGoal },
        { row: 'OTLP/protobuf ingest, 8 senders', unit: 'spans/s', key: 'eight', goal: ratioGoal },
      ],
    })),
    ...(await compareEach({
      ...shared,
      anchorName: '`JSON.parse` alone',
      ours: measure('ingest-json'),
      anchor: measure('parse-json'),
      rows: [
        { row: 'OTLP/JSON ingest, 1 sender', unit: 'spans/s', key: 'one', goal: ratioGoal, note: jsonNote },
        { row: 'OTLP/JSON ingest, 8 senders', unit: 'spans/s', key: 'eight', goal: ratioGoal, note: jsonNote },
      ],
    })),
  ];
  report(
    `@outrider/plugin-otlp: ${SPANS_PER_REQUEST}-span requests (10 spans per trace), fresh processes with ${CLI_FLAGS.join(' ')}`,
    rows,
  );
}
