// Soak: a real sidecar process (the built CLI, with its V8 flags) receives spans at a steady rate and
// exports them to a loopback backend while /metrics is scraped every second. Reports spans sent vs
// delivered, RSS and heap trends and event-loop p99; exits 1 on any loss or duplicate, or when RSS grows
// by more than --rss-bound after warm-up.
//   npm run soak -- [--duration 10m] [--rate 5000] [--warmup 1m] [--rss-bound 32]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { type Duration, parseDuration } from '@outrider/core';
import { TraceRequest } from '../support/otlp-proto.ts';
import { SIDECAR_CLI } from '../support/sidecar-cli.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    rate: { type: 'string', default: '5000' },
    warmup: { type: 'string' },
    'rss-bound': { type: 'string', default: '32' },
  },
});

function seconds(text: string, option: string): number {
  try {
    return parseDuration(text as Duration, `--${option}`) / 1000;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

const durationS = seconds(args.duration, 'duration');
const warmupS = args.warmup === undefined ? Math.min(60, durationS / 5) : seconds(args.warmup, 'warmup');
const rate = Number(args.rate);
const rssBoundMiB = Number(args['rss-bound']);
if (!Number.isInteger(rate) || rate < 10 || !(rssBoundMiB > 0)) {
  console.error('--rate: an integer ≥ 10 (spans/s); --rss-bound: MiB > 0');
  process.exit(2);
}

// Span n has span id n: a bitmap finds duplicates and losses without a set of millions of strings.
const MAX_SPANS = Math.ceil(rate * (durationS + 60));
const delivered = new Uint8Array(MAX_SPANS + 1);
let deliveredCount = 0;
let duplicates = 0;

const backend = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const decoded = TraceRequest.decode(body) as unknown as {
      resourceSpans: { scopeSpans: { spans: { spanId: Uint8Array }[] }[] }[];
    };
    for (const rs of decoded.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) {
          const n = Buffer.from(span.spanId).readUInt32BE(4);
          if (delivered[n] === 1) duplicates++;
          else {
            delivered[n] = 1;
            deliveredCount++;
          }
        }
    response.end();
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let nextSpan = 1;
/** One request of `count` spans, 10 per trace, as an instrumented HTTP service sends them. */
function request(count: number): { body: Uint8Array; count: number } {
  const spans = [];
  let traceId = Buffer.alloc(16);
  for (let i = 0; i < count; i++) {
    const n = nextSpan++;
    if (i % 10 === 0) {
      traceId = Buffer.alloc(16);
      traceId.writeUInt32BE(n, 12);
    }
    const spanId = Buffer.alloc(8);
    spanId.writeUInt32BE(n, 4);
    const start = BigInt(Date.now()) * 1_000_000n;
    spans.push({
      traceId,
      spanId,
      name: 'GET /api/items/:id',
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 2_000_000n).toString(),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.route', value: { stringValue: '/api/items/:id' } },
        { key: 'http.response.status_code', value: { intValue: 200 } },
      ],
    });
  }
  const message = TraceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'soak' } }] },
        scopeSpans: [{ scope: { name: 'soak' }, spans }],
      },
    ],
  });
  return { body: TraceRequest.encode(message).finish(), count };
}

interface Sample {
  t: number;
  rss: number;
  heap: number;
  loopP99: number;
}

function metric(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

const MiB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  const [httpPort, otlpPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'outrider-soak-'));
  const config = join(dir, 'outrider.yaml');
  writeFileSync(
    config,
    `server: { port: ${httpPort} }\nlog: { level: warn }\nstateDir: ${join(dir, 'state')}\n` +
      `plugins:\n  otlp:\n    receiver: { port: ${otlpPort} }\n` +
      `    exporter: { endpoint: ${backendUrl}, retry: { minDelay: 100ms, maxDelay: 1s } }\n`,
  );
  // The CLI's shebang flags, on this Node.
  const sidecar = spawn(process.execPath, ['--max-semi-space-size=2', SIDECAR_CLI, 'start', '--config', config], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => sidecar.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    const otlp = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`).then(
      () => true,
      () => false,
    );
    if (ok && otlp) break;
    if (i > 300) throw new Error('the sidecar did not become ready within 30 s');
    await sleep(100);
  }

  let sent = 0;
  let refused = 0;
  const samples: Sample[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let running = true;
  const scraper = (async () => {
    while (running) {
      const text = await fetch(`${base}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      samples.push({
        t: elapsed(),
        rss: metric(text, 'process_resident_memory_bytes'),
        heap: metric(text, 'nodejs_heap_size_used_bytes'),
        loopP99: metric(text, 'nodejs_eventloop_lag_p99_seconds'),
      });
      await sleep(1000);
    }
  })();
  // Ten requests a second; a refused request is sent again, as an SDK exporter retries.
  const perRequest = Math.max(1, Math.round(rate / 10));
  let lastReport = 0;
  while (elapsed() < durationS) {
    const due = performance.now() + 100;
    const { body, count } = request(perRequest);
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 200) break;
      refused++;
      await sleep(100);
    }
    sent += count;
    if (elapsed() - lastReport >= 30) {
      lastReport = elapsed();
      const last = samples.at(-1);
      console.log(
        `${Math.round(elapsed())} s: sent ${sent}, delivered ${deliveredCount}, RSS ${last ? MiB(last.rss) : '?'} MiB`,
      );
    }
    await sleep(Math.max(0, due - performance.now()));
  }
  running = false;
  await scraper;
  const drainDeadline = performance.now() + 60_000;
  while (deliveredCount + duplicates < sent && performance.now() < drainDeadline) await sleep(100);
  sidecar.kill('SIGTERM');
  const code = await exited;
  backend.close();

  const after = samples.filter((s) => s.t >= warmupS && Number.isFinite(s.rss));
  const atWarmup = after[0];
  const last = after.at(-1);
  const maxRss = Math.max(...after.map((s) => s.rss));
  const growth = atWarmup ? maxRss - atWarmup.rss : Number.NaN;
  const loop = after.map((s) => s.loopP99 * 1000).sort((a, b) => a - b);
  const heapSlope =
    atWarmup && last && last.t > atWarmup.t ? (last.heap - atWarmup.heap) / ((last.t - atWarmup.t) / 60) : Number.NaN;
  const lost = sent - deliveredCount;
  console.log(
    `\nsoak: ${durationS} s at ${rate} spans/s asked, ${Math.round(sent / durationS)} achieved (one sender, waits for each answer); warm-up ${warmupS} s, ${samples.length} scrapes`,
  );
  console.log(
    `spans sent (acknowledged) ${sent}, delivered ${deliveredCount}, lost ${lost}, duplicates ${duplicates}; 429/503 answers retried: ${refused}`,
  );
  console.log(
    `RSS after warm-up ${atWarmup ? MiB(atWarmup.rss) : '?'} MiB → end ${last ? MiB(last.rss) : '?'} MiB, max ${MiB(maxRss)} MiB: growth ${MiB(growth)} MiB (bound ${rssBoundMiB} MiB)`,
  );
  console.log(
    `heap used after warm-up ${atWarmup ? MiB(atWarmup.heap) : '?'} MiB → end ${last ? MiB(last.heap) : '?'} MiB (${MiB(heapSlope)} MiB/min)`,
  );
  console.log(
    `event-loop p99 (per scrape, ms): median ${(loop[loop.length >> 1] ?? Number.NaN).toFixed(1)}, max ${(loop.at(-1) ?? Number.NaN).toFixed(1)}`,
  );
  console.log(`sidecar exit code on SIGTERM: ${code}`);
  const failures = [];
  if (lost !== 0) failures.push(`${lost} spans lost`);
  if (duplicates !== 0) failures.push(`${duplicates} duplicates`);
  if (!(growth <= rssBoundMiB * 1024 * 1024)) failures.push(`RSS grew ${MiB(growth)} MiB after warm-up`);
  if (code !== 0) failures.push(`the sidecar exited ${code}`);
  console.log(failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
