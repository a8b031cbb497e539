import { once } from 'node:events';
import { ManualClock } from '@outrider/core';
import { metricValue, type RedisServer, startRedisServer } from '@outrider/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LockLease, type RedisLockOptions, RedisLockProvider, Scheduler } from '../src/index.js';

let server: RedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  server.resume();
  for (const client of clients.splice(0)) client.disconnect();
});

let prefixes = 0;
/** A provider on its own connection, as one replica would have; each test gets its own keys. */
function replica(options: Partial<RedisLockOptions> = {}, prefix = `t${prefixes}:`) {
  const redis = new Redis(server.port, '127.0.0.1', { enableOfflineQueue: false, lazyConnect: false });
  clients.push(redis);
  const registry = new Registry();
  return { lock: new RedisLockProvider({ redis, prefix, registry, ...options }), redis, registry, prefix };
}

async function ready(...redis: Redis[]) {
  await Promise.all(redis.map((client) => (client.status === 'ready' ? undefined : once(client, 'ready'))));
}

describe('RedisLockProvider', () => {
  afterEach(() => {
    prefixes++;
  });

  it('grants a fire once: a replica that comes later, however late, finds it ran', async () => {
    const a = replica();
    const b = replica();
    await ready(a.redis, b.redis);
    const lease = (await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000, fireAt: 1_000 })) as LockLease;
    expect(lease).toBeDefined();
    await lease.release();
    expect(await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000, fireAt: 1_000 })).toBeUndefined();
    // An older fire is refused too: a peer whose timer is more than a period late skips it.
    expect(await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000, fireAt: 0 })).toBeUndefined();
    const next = await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000, fireAt: 2_000 });
    expect(next).toBeDefined();
    expect(await metricValue(b.registry, 'outrider_lock_contended_total', { key: 'job', reason: 'ran' })).toBe(2);
    expect(await metricValue(b.registry, 'outrider_lock_acquired_total', { key: 'job' })).toBe(1);
  });

  it('refuses a key held by another owner and hands out growing fencing tokens', async () => {
    const a = replica();
    const b = replica();
    await ready(a.redis, b.redis);
    const first = (await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 })) as LockLease;
    expect(await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeUndefined();
    expect(await metricValue(b.registry, 'outrider_lock_contended_total', { key: 'job', reason: 'held' })).toBe(1);
    expect(b.lock.status()).toMatchObject({ held: [], contended: 1 });
    expect(a.lock.status()).toMatchObject({ held: ['job'], acquired: 1, connection: 'ready' });
    await first.release();
    const second = (await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })) as LockLease;
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken as number);
    expect(await a.lock.isCurrent('job', first.fencingToken as number)).toBe(false);
    expect(await b.lock.isCurrent('job', second.fencingToken as number)).toBe(true);
    expect(await metricValue(a.registry, 'outrider_lock_fencing_rejections_total', { key: 'job' })).toBe(1);
    await second.release();
  });

  it('renews the lease while the run is in progress, so it outlives its length', async () => {
    const a = replica({ lease: 300 });
    const b = replica({ lease: 300 });
    await ready(a.redis, b.redis);
    const lease = (await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 })) as LockLease;
    // Wait for three renewals by watching the key's expiry move (not for a span of time).
    let renewals = 0;
    const key = `${a.prefix}{job}:lease`;
    let lastTtl = await a.redis.pttl(key);
    while (renewals < 3) {
      const ttl = await a.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      if (ttl > lastTtl) renewals++;
      lastTtl = ttl;
    }
    expect(await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeUndefined();
    await lease.release();
    expect(await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000 })).toBeDefined();
  });

  it('lets another replica in once a dead holder stops renewing', async () => {
    const a = replica({ lease: 200 });
    const b = replica({ lease: 200 });
    await ready(a.redis, b.redis);
    await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000, fireAt: 1 });
    a.redis.disconnect(); // the holder is gone: no more renewals
    let lease: LockLease | undefined;
    while (lease === undefined) lease = await b.lock.acquire({ key: 'job', owner: 'b', ttlMs: 60_000, fireAt: 2 });
    expect(lease.fencingToken).toBe(2);
    await lease.release();
  });

  it('skips and counts when Redis does not answer, without waiting past its timeout', async () => {
    const clock = new ManualClock(0);
    const a = replica({ timeout: 500, clock });
    await ready(a.redis);
    server.pause();
    const answer = a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000, fireAt: 1 });
    await clock.advance(500);
    expect(await answer).toBeUndefined();
    expect(await metricValue(a.registry, 'outrider_lock_unavailable_total', { key: 'job', policy: 'skip' })).toBe(1);
    expect(a.lock.status().lastError).toMatch(/no answer from Redis within 500 ms/);
    server.resume();
    // The request Redis applied late was taken back: the next fire is granted at once.
    await a.redis.ping();
    expect(await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000, fireAt: 2 })).toBeDefined();
  });

  it('runs locally when told to, and counts it', async () => {
    const clock = new ManualClock(0);
    const a = replica({ timeout: 100, clock, whenUnavailable: 'run-locally' });
    await ready(a.redis);
    server.pause();
    const answer = a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 });
    await clock.advance(100);
    const lease = await answer;
    expect(lease).toBeDefined();
    expect(lease?.fencingToken).toBeUndefined();
    expect(
      await metricValue(a.registry, 'outrider_lock_unavailable_total', { key: 'job', policy: 'run-locally' }),
    ).toBe(1);
  });

  it('answers at once while the connection is down (no offline queue)', async () => {
    const a = replica();
    await ready(a.redis);
    const ended = once(a.redis, 'end');
    a.redis.disconnect();
    await ended;
    expect(await a.lock.acquire({ key: 'job', owner: 'a', ttlMs: 60_000 })).toBeUndefined();
    expect(a.lock.status()).toMatchObject({ unavailable: 1, connection: 'end' });
  });

  it('rejects an unknown policy', () => {
    expect(() => replica({ whenUnavailable: 'retry' as never })).toThrow(
      /whenUnavailable: expected "skip" or "run-locally"/,
    );
  });
});

describe('Scheduler with RedisLockProvider', () => {
  it('two schedulers sharing Redis run each fire of an aligned interval job once', async () => {
    const prefix = `sched${prefixes++}:`;
    const a = replica({}, prefix);
    const b = replica({}, prefix);
    await ready(a.redis, b.redis);
    const runs: { by: string; at: number; token: number | undefined }[] = [];
    const replicas = [
      { by: 'a', lock: a.lock },
      { by: 'b', lock: b.lock },
    ];
    const schedulers = replicas.map(({ by, lock }) => {
      const scheduler = new Scheduler({ lock });
      scheduler.add({
        id: 'tick',
        every: 50,
        run: (ctx) => {
          runs.push({ by, at: ctx.scheduledAt, token: ctx.fencingToken });
        },
      });
      scheduler.start();
      return scheduler;
    });
    while (runs.length < 10) await new Promise((resolve) => setTimeout(resolve, 25));
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    const times = runs.map((run) => run.at);
    expect(new Set(times).size).toBe(times.length);
    // Both replicas computed the same fire times: multiples of the period since the epoch.
    for (const at of times) expect(at % 50).toBe(0);
    const tokens = runs.map((run) => run.token as number);
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
  });
});
