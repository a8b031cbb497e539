import { type RedisServer, startRedisServer } from '@outrider/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidationLags, percentile, type Replica, replica } from './fixtures/cache-replicas.js';

let server: RedisServer;
let replicas: Replica[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  replicas = [1, 2, 3].map(() => replica(server.port, 'quotes'));
  await Promise.all(replicas.map((r) => r.ready));
});
afterAll(async () => {
  for (const { child } of replicas) child.kill('SIGKILL');
  await server.stop();
});

describe('three replicas of a distributed cache (child processes, one Redis)', () => {
  it('an invalidateTag in one replica is applied in all in milliseconds (p50 ≤ 100 ms over 1,000 invalidations)', async () => {
    const [writer, ...readers] = replicas as [Replica, ...Replica[]];
    const COUNT = 1_000;
    const lags = await invalidationLags(writer, readers, COUNT, 'invalidateTag');
    for (const reader of readers) expect(await reader.send({ cmd: 'size' })).toMatchObject({ size: 0 });
    const [p50, p99, max] = [percentile(lags, 0.5), percentile(lags, 0.99), lags[lags.length - 1] as number];
    console.log(
      `invalidateTag applied in all ${readers.length} other replicas, over ${COUNT}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
    );
    // The 100 ms p99 goal is the bench's (bench/invalidation-lag.bench.ts, next to Redis pub/sub
    // alone): measured in the replicas it holds with the machine busy, but with every core taken the
    // tail is each process's wait for one (122 ms seen with four busy loops on two cores), for pub/sub
    // alone as much as for the cache. So the test bounds it where a bus that polls or stalls fails.
    expect(p50).toBeLessThanOrEqual(100);
    expect(p99).toBeLessThanOrEqual(1_000);
  });

  it('50 concurrent misses per replica on one key call the factory once in total', async () => {
    const replies = await Promise.all(replicas.map((r) => r.send({ cmd: 'burst', n: 50 })));
    for (const reply of replies) expect(reply.values).toEqual(['hot value']);
    const redis = new Redis(server.port, '127.0.0.1');
    expect(Number(await redis.get('quotes:factory-calls'))).toBe(1);
    redis.disconnect();
  });
});
