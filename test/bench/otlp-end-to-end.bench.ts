// End to end: spans/s from senders through a receiving process to a loopback backend. Ours is the real
// sidecar (`outrider start`, the bin of @outrider/sidecar, with its V8 flags): the otlp receiver → queue →
// spool with fsync → exporter, gzip on, as configured by default. The anchor is a bare node:http
// forwarder, started with the same flags, that posts each body on to the same kind of backend. The
// senders and the backend run in the measuring process; each measurement is a fresh one, the sides
// alternating for BENCH_ROUNDS rounds (at least 5).
// Run after a build: npm run bench -w @outrider/tests
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childSide, compareEach, freshReport, report, reportFromChild } from '../../scripts/bench/harness.ts';
import { SIDECAR_CLI } from '../support/sidecar-cli.ts';
import { type Bodies, type Format, payloads, SPANS_PER_REQUEST, sendAll } from './otlp-payloads.ts';

/** The sidecar CLI's V8 flags (the shebang of its bin): both receiving processes run under them. */
const CLI_FLAGS = ['--max-semi-space-size=2'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Requests per format and measure; 2 senders in flight. */
const REQUESTS = Number(process.env.BENCH_E2E_REQUESTS ?? 60);
const SENDERS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A backend that takes every export and answers 200 at once. */
async function startBackend() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Spans/s of `REQUESTS` requests of each format, `delivered()` telling when the backend has them all. */
async function rates(port: number, bodies: Bodies, delivered: () => Promise<number>): Promise<Record<Format, number>> {
  const result = {} as Record<Format, number>;
  for (const format of ['proto', 'json'] as const) {
    const warm = await delivered();
    await sendAll(port, bodies[format], 8, format, SENDERS);
    while ((await delivered()) < warm + 8 * SPANS_PER_REQUEST) await sleep(20);
    const before = await delivered();
    const started = performance.now();
    await sendAll(port, bodies[format], REQUESTS, format, SENDERS);
    while ((await delivered()) < before + REQUESTS * SPANS_PER_REQUEST) await sleep(20);
    result[format] = (REQUESTS * SPANS_PER_REQUEST) / ((performance.now() - started) / 1000);
  }
  return result;
}

/** The sidecar with an otlp receiver exporting to a loopback backend. */
async function sidecarRates(bodies: Bodies): Promise<Record<Format, number>> {
  const backend = await startBackend();
  const [httpPort, otlpPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'otlp-bench-e2e-'));
  const config = join(dir, 'outrider.yaml');
  writeFileSync(
    config,
    `server: { port: ${httpPort} }\nlog: { level: warn }\nstateDir: ${join(dir, 'state')}\n` +
      `plugins:\n  otlp:\n    receiver: { port: ${otlpPort} }\n    exporter: { endpoint: ${backend.url} }\n`,
  );
  const sidecar = spawn(process.execPath, [...CLI_FLAGS, SIDECAR_CLI, 'start', '--config', config], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (i > 300 || sidecar.exitCode !== null) throw new Error('the sidecar did not become ready within 30 s');
      await sleep(100);
    }
    const exported = async () => {
      const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        if (
          line.startsWith('outrider_otlp_items_total{') &&
          line.includes('signal="traces"') &&
          line.includes('outcome="exported"')
        )
          total += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return total;
    };
    return await rates(otlpPort, bodies, exported);
  } finally {
    await stop(sidecar);
    backend.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The anchor's receiving process: forwards each POST body to `backend` and answers once it has. */
async function runForwarder(backend: string): Promise<void> {
  const target = new URL(backend);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: req.url,
          agent,
          headers: { 'content-type': req.headers['content-type'] ?? '', 'content-length': body.length },
        },
        (answer) => {
          answer.resume();
          answer.on('end', () => res.writeHead(answer.statusCode ?? 502).end());
        },
      );
      out.on('error', () => res.writeHead(502).end());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
}

/** The bare forwarder (this file's side `forwarder`, started with the same flags) to the same kind of backend. */
async function forwarderRates(bodies: Bodies): Promise<Record<Format, number>> {
  const backend = await startBackend();
  let delivered = 0;
  backend.server.on('request', () => {
    delivered += SPANS_PER_REQUEST;
  });
  const forwarder = spawn(process.execPath, [...CLI_FLAGS, import.meta.filename], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, OUTRIDER_BENCH_SIDE: 'forwarder', BENCH_BACKEND: backend.url },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      forwarder.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      forwarder.once('exit', (code) => reject(new Error(`the forwarder exited with ${code}`)));
    });
    return await rates(port, bodies, async () => delivered);
  } finally {
    await stop(forwarder);
    backend.server.close();
  }
}

const side = childSide();
switch (side) {
  case undefined: {
    const measure = (name: string) => freshReport(import.meta.filename, name, CLI_FLAGS);
    const rows = await compareEach({
      rounds: ROUNDS,
      warmUp: false,
      anchorName: 'bare node:http forwarder',
      ours: measure('sidecar'),
      anchor: measure('forwarder-rates'),
      rows: [
        {
          row: 'sidecar end to end (receive → spool → export), protobuf',
          unit: 'spans/s',
          key: 'proto',
          goal: { on: 'ours', op: '>=', value: 50_000 },
        },
        {
          row: 'sidecar end to end (receive → spool → export), OTLP/JSON',
          unit: 'spans/s',
          key: 'json',
          goal: { on: 'ours', op: '>=', value: 50_000 },
        },
      ],
    });
    report(
      `the sidecar's OTLP path end to end: ${SPANS_PER_REQUEST}-span requests (10 spans per trace), fresh processes, receivers with ${CLI_FLAGS.join(' ')}`,
      rows,
    );
    break;
  }
  case 'sidecar':
    reportFromChild(await sidecarRates(payloads()));
    break;
  case 'forwarder-rates':
    reportFromChild(await forwarderRates(payloads()));
    break;
  case 'forwarder':
    await runForwarder(process.env.BENCH_BACKEND as string);
    break;
  default:
    throw new Error(`unknown side ${side}`);
}
