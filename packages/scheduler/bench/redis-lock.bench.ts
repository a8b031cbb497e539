// RedisLockProvider against the Redlock library's single-instance lock (@sesamecare-oss/redlock),
// in one process on one Redis: acquire + release of one key, one after another. Rounds alternate
// ours / theirs (A B A B …); the ratio is ours / theirs in ops/s per round pair.
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { startRedisServer } from '@outrider/testing';
import { Redlock } from '@sesamecare-oss/redlock';
import { Redis } from 'ioredis';
import { RedisLockProvider } from '../dist/index.js';

const OPS = 3_000;
const ROUNDS = 7;

const server = await startRedisServer();
const ours = new Redis(server.port, '127.0.0.1', { enableOfflineQueue: false });
const theirs = new Redis(server.port, '127.0.0.1', { enableOfflineQueue: false });
await Promise.all([once(ours, 'ready'), once(theirs, 'ready')]);
const lock = new RedisLockProvider({ redis: ours, lease: '30s' });
const redlock = new Redlock([theirs], { retryCount: 0 });

let fire = 0;
async function oursRound(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) {
    // With a fire time, as the scheduler asks: the full script (fire identity, lease, fencing token).
    const lease = await lock.acquire({ key: 'bench', owner: 'a', ttlMs: 30_000, fireAt: ++fire });
    if (lease === undefined) throw new Error('ours: not granted');
    await lease.release();
  }
  return OPS / ((performance.now() - started) / 1000);
}

async function theirsRound(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) {
    const held = await redlock.acquire(['bench-redlock'], 30_000);
    await held.release();
  }
  return OPS / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
await oursRound();
await theirsRound();
const rates = { ours: [] as number[], theirs: [] as number[], ratio: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  const a = await oursRound();
  const b = await theirsRound();
  rates.ours.push(a);
  rates.theirs.push(b);
  rates.ratio.push(a / b);
}
const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `\nRedis lock: acquire + release, ${OPS} per round, ${ROUNDS} rounds A/B, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| row | ours ops/s | Redlock ops/s | ratio (median, min–max) |');
console.log('| --- | ---: | ---: | --- |');
console.log(
  `| acquire + release | ${fmt(median(rates.ours))} | ${fmt(median(rates.theirs))} | ${median(rates.ratio).toFixed(2)}× (${Math.min(...rates.ratio).toFixed(2)}–${Math.max(...rates.ratio).toFixed(2)}) |`,
);
ours.disconnect();
theirs.disconnect();
await server.stop();
