// One upstream (a real ws server in a child process) pushes small JSON trade messages over 10
// streams. Each message reaches 1, 10 or 100 in-process subscribers: through SubscriptionMultiplexer,
// and through a raw `ws` client doing the same JSON.parse and a direct callback per subscriber.
// Then: memory per subscription with 100k keys, against a bare Map of key → callback.
// Run with --expose-gc (npm run bench does).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { IncrementalAdapter, SubscriptionMultiplexer } from '../dist/index.js';

const MESSAGES = 200_000;
const ROUNDS = 3;
const STREAMS = Array.from({ length: 10 }, (_, n) => `sym${n}`);
const SUBSCRIBE = JSON.stringify({ method: 'SUBSCRIBE', params: STREAMS.map((s) => `${s}@trade`), id: 1 });

async function startUpstream(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
  const child = spawn(process.execPath, [script, String(MESSAGES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, url: `ws://127.0.0.1:${String(chunk).trim()}/stream` };
}

interface Rate {
  /** Messages per second of wall time. */
  wall: number;
  /** Messages per second of this process's CPU time: what the client side alone can sustain. */
  cpu: number;
}

function measure(): () => Rate {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { wall: MESSAGES / ((performance.now() - started) / 1000), cpu: MESSAGES / cpuSeconds };
  };
}

/** Messages per second through a raw ws client with `subscribers` direct callbacks. */
async function raw(url: string, subscribers: number): Promise<Rate> {
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
  await done;
  const result = stop();
  socket.terminate();
  return result;
}

/** Messages per second through the multiplexer to `subscribers` clients of all 10 streams. */
async function multiplexed(url: string, subscribers: number): Promise<Rate> {
  const mux = new SubscriptionMultiplexer({ url, adapter: new IncrementalAdapter(), coalesceMs: 0, heartbeat: false });
  mux.start();
  await once(mux, 'open');
  let delivered = 0;
  const target = MESSAGES * subscribers;
  let resolveDone = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const stop = measure();
  for (let n = 0; n < subscribers; n++) {
    mux.client(`s${n}`).subscribe('trade', STREAMS, (message) => {
      if (message.data !== undefined) delivered++;
      if (delivered === target) resolveDone();
    });
  }
  await done;
  const result = stop();
  await mux.stop();
  return result;
}

function heapUsed(): number {
  for (let n = 0; n < 3; n++) globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** Bytes per subscription: 100k keys held by one multiplexer client, after they went upstream. */
async function muxMemory(url: string, keys: string[]): Promise<number> {
  const mux = new SubscriptionMultiplexer({ url, adapter: new IncrementalAdapter(), coalesceMs: 0, heartbeat: false });
  mux.start();
  await once(mux, 'open');
  const callback = () => {};
  const before = heapUsed();
  mux.client('many').subscribe('trade', keys, callback);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the SUBSCRIBE goes out, pending state clears
  const bytes = (heapUsed() - before) / keys.length;
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

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} msg/s`;

if (globalThis.gc === undefined) console.warn('run with --expose-gc for the memory numbers');
const { child, url } = await startUpstream();
try {
  console.log(`${MESSAGES.toLocaleString('en-US')} messages over 10 streams per run, median of ${ROUNDS}\n`);
  console.log(
    '| subscribers | raw ws + JSON.parse + callbacks | SubscriptionMultiplexer | ratio (target ≥ 0.80×) | ratio per client CPU second |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const subscribers of [1, 10, 100]) {
    await raw(url, subscribers); // warm-up
    await multiplexed(url, subscribers);
    const rawRates: Rate[] = [];
    const muxRates: Rate[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawRates.push(await raw(url, subscribers));
      muxRates.push(await multiplexed(url, subscribers));
    }
    const [r, m] = [median(rawRates.map((x) => x.wall)), median(muxRates.map((x) => x.wall))];
    const [rc, mc] = [median(rawRates.map((x) => x.cpu)), median(muxRates.map((x) => x.cpu))];
    console.log(
      `| ${subscribers} | ${rate(r)} | ${rate(m)} | ${(m / r).toFixed(2)}× | ${(mc / rc).toFixed(2)}× (${rate(rc)} vs ${rate(mc)}) |`,
    );
  }

  const keys = Array.from({ length: 100_000 }, (_, n) => `k${n}`);
  const bare = mapMemory(keys);
  const mux = await muxMemory(url, keys);
  console.log('\n| 100k keys, one client | bytes per subscription |');
  console.log('| --- | --- |');
  console.log(`| Map<key, callback> (the floor) | ${bare.toFixed(0)} |`);
  console.log(`| SubscriptionMultiplexer | ${mux.toFixed(0)} (${(mux / bare).toFixed(1)}× the bare map) |`);
} finally {
  child.kill();
}
