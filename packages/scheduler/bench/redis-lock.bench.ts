// RedisLockProvider against the Redlock library's single-instance lock (@sesamecare-oss/redlock),
// in one process on one Redis: acquire + release of one key, one after another. Rounds alternate
// ours / theirs (shared harness); the ratio is ours / theirs in ops/s per round pair.
import { once } from 'node:events';
import { startRedisServer } from '@outrider/testing';
import { Redlock } from '@sesamecare-oss/redlock';
import { Redis } from 'ioredis';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { RedisLockProvider } from '../dist/index.js';

const OPS = 3_000;

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

report('@outrider/scheduler: RedisLockProvider against Redlock', [
  await compare({
    row: 'acquire + release of one key (with fire identity)',
    unit: 'ops/s',
    anchorName: 'Redlock, one instance',
    ours: oursRound,
    anchor: theirsRound,
  }),
]);
ours.disconnect();
theirs.disconnect();
await server.stop();
