// One upstream (a real ws server in a child process) pushes small JSON trade messages over 10
// streams. Each message reaches 1, 10 or 100 in-process subscribers: through SubscriptionMultiplexer,
// and through a raw `ws` client doing the same JSON.parse and a direct callback per subscriber.
// Then: memory per subscription with 100k keys, against a bare Map of key → callback. One process,
// rounds alternating the two sides; a run that stalls fails after RUN_TIMEOUT_MS instead of hanging.
// Run with --expose-gc after a build (npm run bench -w @outrider/ws does).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { IncrementalAdapter, SubscriptionMultiplexer } from '../dist/index.js';

const MESSAGES = 100_000;
const RUN_TIMEOUT_MS = 120_000;
const STREAMS = Array.from({ length: 10 }, (_, n) => `sym${n}`);
const SUBSCRIBE = JSON.stringify({ method: 'SUBSCRIBE', params: STREAMS.map((s) => `${s}@trade`), id: 1 });

async function startUpstream(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
  const child = spawn(process.execPath, [script, String(MESSAGES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, url: `ws://127.0.0.1:${String(chunk).trim()}/stream` };
}

/** Messages per second of wall time, from now to when the returned function is called. */
function measure(): () => number {
  const started = performance.now();
  return () => MESSAGES / ((performance.now() - started) / 1000);
}

/** `done`, or an error naming what stalled and how far it got. */
function withTimeout(done: Promise<void>, what: string, progress: () => number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: stalled after ${progress()} deliveries in ${RUN_TIMEOUT_MS} ms`)),
      RUN_TIMEOUT_MS,
    );
  });
  return Promise.race([done, stalled]).finally(() => clearTimeout(timer));
}

/** Messages per second through a raw ws client with `subscribers` direct callbacks. */
async function raw(url: string, subscribers: number): Promise<number> {
  const socket = new WebSocket(url);
  await once(socket, 'open');
  let delivered = 0;
  const callbacks = Array.from({ length: subscribers }, () => (message: { data: unknown }) => {
    if (message.data !== undefined) delivered++;
  });
  const target = MESSAGES * subscribers;
  const stop = measure();
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { data: unknown };
      for (const callback of callbacks) callback(message);
      if (delivered === target) resolve();
    });
  });
  socket.send(SUBSCRIBE);
  await withTimeout(done, `raw ws, ${subscribers} subscribers`, () => delivered);
  const result = stop();
  socket.terminate();
  return result;
}

/** Messages per second through the multiplexer to `subscribers` clients of all 10 streams. */
async function multiplexed(url: string, subscribers: number): Promise<number> {
  const mux = new SubscriptionMultiplexer({ url, adapter: new IncrementalAdapter(), coalesce: 0, heartbeat: false });
  mux.start();
  await once(mux, 'open');
  let delivered = 0;
  const target = MESSAGES * subscribers;
  let resolveDone = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const stop = measure();
  // Held until the run ends: a client the program drops is finalized, and its keys are released upstream.
  const clients = Array.from({ length: subscribers }, (_, n) => mux.client(`s${n}`));
  for (const client of clients) {
    client.subscribe('trade', STREAMS, (message) => {
      if (message.data !== undefined) delivered++;
      if (delivered === target) resolveDone();
    });
  }
  await withTimeout(done, `multiplexer, ${subscribers} subscribers`, () => delivered);
  const result = stop();
  for (const client of clients) client.dispose();
  await mux.stop();
  return result;
}

function heapUsed(): number {
  for (let n = 0; n < 3; n++) globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** Bytes per subscription: 100k keys held by one multiplexer client, after they went upstream. */
async function muxMemory(url: string, keys: string[]): Promise<number> {
  const mux = new SubscriptionMultiplexer({ url, adapter: new IncrementalAdapter(), coalesce: 0, heartbeat: false });
  mux.start();
  await once(mux, 'open');
  const callback = () => {};
  const before = heapUsed();
  const client = mux.client('many');
  client.subscribe('trade', keys, callback);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the SUBSCRIBE goes out, pending state clears
  const bytes = (heapUsed() - before) / keys.length;
  client.dispose();
  await mux.stop();
  return bytes;
}

function mapMemory(keys: string[]): number {
  const callback = () => {};
  const before = heapUsed();
  const routes = new Map<string, () => void>();
  for (const key of keys) routes.set(key, callback);
  const bytes = (heapUsed() - before) / keys.length;
  if (routes.size !== keys.length) throw new Error('map lost keys');
  return bytes;
}

if (globalThis.gc === undefined) throw new Error('run with --expose-gc (npm run bench -w @outrider/ws does)');
const { child, url } = await startUpstream();
try {
  const rows = [];
  for (const subscribers of [1, 10, 100]) {
    rows.push(
      await compare({
        row: `${subscribers} subscriber${subscribers === 1 ? '' : 's'} of 10 streams, ${MESSAGES.toLocaleString('en')} messages`,
        unit: 'msg/s',
        anchorName: 'raw ws + JSON.parse + callbacks',
        goal: { on: 'ratio', op: '>=', value: 0.8 },
        rounds: 5,
        ours: () => multiplexed(url, subscribers),
        anchor: () => raw(url, subscribers),
      }),
    );
  }
  const keys = Array.from({ length: 100_000 }, (_, n) => `k${n}`);
  rows.push(
    await compare({
      row: 'memory per subscription, 100k keys on one client',
      unit: 'B',
      anchorName: 'bare `Map<key, callback>`',
      rounds: 5,
      ours: () => muxMemory(url, keys),
      anchor: () => mapMemory(keys),
    }),
  );
  report('@outrider/ws: SubscriptionMultiplexer against a raw ws client', rows);
} finally {
  child.kill();
}
