import { once } from 'node:events';
import { ManualClock } from '@outrider/core';
import { metricValue, type RedisServer, startRedisServer, waitFor } from '@outrider/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDistributedCache, type DistributedCache, type DistributedCacheOptions } from '../src/index.js';

let server: RedisServer;
const open: { cache: DistributedCache<unknown>; redis: Redis }[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  server.resume();
  for (const { cache, redis } of open.splice(0)) {
    await cache.stop();
    redis.disconnect();
  }
});

let names = 0;
interface Replica<V> {
  cache: DistributedCache<V>;
  registry: Registry;
  redis: Redis;
}

/** Three replicas of one cache, each on its own connection; every test gets a fresh name. */
async function replicas<V>(
  options: Partial<DistributedCacheOptions<V>> = {},
): Promise<[Replica<V>, Replica<V>, Replica<V>]> {
  const name = `quotes${names++}`;
  const made = await Promise.all(
    [1, 2, 3].map(async () => {
      const redis = new Redis(server.port, '127.0.0.1', { enableOfflineQueue: false });
      await once(redis, 'ready');
      const registry = new Registry();
      const cache = createDistributedCache<V>({ name, max: 1_000, ttl: 60_000, redis, registry, ...options });
      await cache.start();
      open.push({ cache: cache as DistributedCache<unknown>, redis });
      return { cache, registry, redis };
    }),
  );
  return made as [Replica<V>, Replica<V>, Replica<V>];
}

describe('DistributedCache', () => {
  it('reads another replica’s write from Redis, and drops its copy when that replica writes again', async () => {
    const [a, b] = await replicas<{ price: number }>();
    await a.cache.set('AAPL', { price: 1 });
    expect(await b.cache.get('AAPL')).toEqual({ price: 1 });
    expect(b.cache.stats().l2).toMatchObject({ hits: 1 });
    const received = b.cache.stats().bus.received;
    await a.cache.set('AAPL', { price: 2 });
    await waitFor(() => b.cache.stats().bus.received > received);
    expect(await b.cache.get('AAPL')).toEqual({ price: 2 });
    expect(
      await metricValue(b.registry, 'outrider_cache_l2_requests_total', { cache: b.cache.name, result: 'hit' }),
    ).toBe(2);
  });

  it('invalidateTag in one replica evicts the tag in every replica and in Redis', async () => {
    const [a, b, c] = await replicas<string>();
    await a.cache.set('q:1', 'one', { tags: ['nasdaq'] });
    await a.cache.set('q:2', 'two', { tags: ['nasdaq'] });
    await a.cache.set('q:3', 'three', { tags: ['nyse'] });
    for (const { cache } of [b, c]) expect(await cache.get('q:1')).toBe('one');
    const received = b.cache.stats().bus.received;
    expect(await a.cache.invalidateTag('nasdaq')).toBe(2);
    await waitFor(() => b.cache.stats().bus.received > received && c.cache.stats().bus.received > received);
    for (const { cache } of [a, b, c]) {
      expect(await cache.get('q:1')).toBeUndefined();
      expect(await cache.get('q:2')).toBeUndefined();
      expect(await cache.get('q:3')).toBe('three');
    }
  });

  it('invalidatePrefix and delete reach every replica', async () => {
    const [a, b] = await replicas<number>();
    await a.cache.set('user:1:a', 1);
    await a.cache.set('user:1:b', 2);
    await a.cache.set('user:2:a', 3);
    expect(await b.cache.get('user:1:a')).toBe(1);
    expect(await b.cache.get('user:2:a')).toBe(3);
    expect(await a.cache.invalidatePrefix('user:1:')).toBe(2);
    expect(await a.cache.delete('user:2:a')).toBe(true);
    await waitFor(() => b.cache.stats().bus.received >= 5); // three sets, a prefix and a delete
    expect(await b.cache.get('user:1:a')).toBeUndefined();
    expect(await b.cache.get('user:2:a')).toBeUndefined();
  });

  it('concurrent misses on one key in two replicas call the factory once', async () => {
    const [a, b] = await replicas<number>();
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const factory = async () => {
      calls++;
      await gate;
      return 42;
    };
    const reads = [a, b].flatMap(({ cache }) => Array.from({ length: 50 }, () => cache.getOrSet('hot', factory)));
    await waitFor(() => calls === 1 && b.cache.stats().fills.local + a.cache.stats().fills.local === 1);
    release();
    expect(new Set(await Promise.all(reads))).toEqual(new Set([42]));
    expect(calls).toBe(1);
    const fills = [a, b].map(({ cache }) => cache.stats().fills);
    expect(fills.reduce((sum, f) => sum + f.local, 0)).toBe(1);
    expect(fills.reduce((sum, f) => sum + f.remote, 0)).toBe(1);
  });

  it('keeps serving from memory while Redis is frozen, and gives up on Redis after its timeout', async () => {
    const clock = new ManualClock(1);
    const [a] = await replicas<string>({ clock, redisTimeout: 200 });
    await a.cache.set('kept', 'value');
    server.pause();
    expect(await a.cache.get('kept')).toBe('value');
    const miss = a.cache.getOrSet('new', () => 'computed here');
    await clock.advance(200); // the L2 read gives up
    await clock.advance(200); // the fill lock request gives up
    await clock.advance(200); // the L2 write gives up
    expect(await miss).toBe('computed here');
    expect(a.cache.stats().l2.errors).toBe(3);
  });

  it('gives up on each pending Redis call at its own deadline, on one shared timer', async () => {
    const clock = new ManualClock(1);
    const [a] = await replicas<string>({ clock, redisTimeout: 200 });
    server.pause();
    const first = a.cache.get('one'); // gives up at 201
    await clock.advance(150);
    const second = a.cache.get('two'); // gives up at 351
    await clock.advance(50);
    expect(await first).toBeUndefined();
    expect(a.cache.stats().l2.errors).toBe(1); // the second is still waiting
    await clock.advance(149);
    expect(a.cache.stats().l2.errors).toBe(1);
    await clock.advance(1);
    expect(await second).toBeUndefined();
    expect(a.cache.stats().l2.errors).toBe(2);
  });

  it('empties its memory when the bus reconnects, since invalidations may have been missed', async () => {
    const [a] = await replicas<string>();
    await a.cache.set('k', 'v');
    expect(a.cache.stats().size).toBe(1);
    await a.redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await waitFor(() => a.cache.stats().bus.reconnects === 1);
    expect(a.cache.stats().size).toBe(0);
    expect(await a.cache.get('k')).toBe('v'); // still in Redis
  });

  it('bounds how long a value stays in memory by l1MaxTtl', async () => {
    const clock = new ManualClock(1);
    const [a] = await replicas<string>({ clock, l1MaxTtl: '1s', ttl: '1h' });
    await a.cache.set('k', 'v');
    server.pause();
    await clock.advance(999);
    expect(a.cache.stats().size).toBe(1);
    expect(await a.cache.get('k')).toBe('v');
    await clock.advance(2);
    const read = a.cache.get('k');
    await clock.advance(500);
    expect(await read).toBeUndefined(); // gone from memory; Redis is frozen
  });
});
