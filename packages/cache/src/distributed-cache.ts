import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Duration,
  type Logger,
  type ModuleInterface,
  type ModuleStatus,
  silentLogger,
  systemClock,
} from '@outrider/core';
import type { Redis } from 'ioredis';
import { Cache, type EntryOptions } from './cache.js';
import { reportDistributedTo } from './distributed-metrics.js';
import { durationOption, invalid } from './invalid.js';
import { type BusCounts, type BusMessage, InvalidationBus } from './invalidation-bus.js';
import { DO_NOT_STORE, lruTtl, ttlMs } from './lifetime.js';
import type { CacheOptions } from './options.js';
import { RedisDeadline } from './redis-deadline.js';
import { type CacheCodec, jsonCodec, type L2Entry, RedisL2 } from './redis-l2.js';
import type { CacheStats } from './stats.js';

export interface DistributedCacheOptions<V> extends CacheOptions {
  /** An ioredis client for L2 and publishing; the bus subscribes on a duplicate of it. Not closed by the cache. */
  redis: Redis;
  /** Prefix of every Redis key and of the bus channel. Default `outrider:cache:<name>:`. */
  prefix?: string;
  /** How values are stored in Redis. Default JSON. */
  codec?: CacheCodec<V>;
  /**
   * The longest an entry stays in this replica's memory (L1), whatever its TTL: the bound on how
   * stale a value can be if an invalidation message is lost. Default `'1m'`.
   */
  l1MaxTtl?: Duration;
  /** How long one replica may hold a key's fill (getOrSet across replicas) before others stop waiting. Default `'5s'`. */
  fillLockTimeout?: Duration;
  /** How long a Redis call may take before the cache goes on without it (L1 only). Default `'500ms'`. */
  redisTimeout?: Duration;
  /** Called for each message from another replica once it is applied here, with its lag in ms. */
  onBusMessage?: (message: BusMessage, lagMs: number) => void;
}

/** What `stats()` adds to the L1 stats for a distributed cache. */
export interface DistributedCacheStats extends CacheStats {
  l2: { hits: number; misses: number; errors: number };
  bus: BusCounts;
  /** getOrSet fills: by this replica's factory, by another replica's (read from L2), and after a fill lock timed out. */
  fills: { local: number; remote: number; lockTimeouts: number };
}

/**
 * A cache shared by the replicas of a service: an in-process lru-cache (L1) in front of Redis (L2),
 * and an invalidation bus (Redis pub/sub) so that delete, invalidateTag and invalidatePrefix in one
 * replica evict in all. Concurrent misses on one key across replicas call the factory once: the
 * first replica takes a fill lock in Redis, the others wait for its value (bounded by
 * `fillLockTimeout`). When Redis is down, L1 keeps serving, entries still expire by `l1MaxTtl`, and
 * L1 is emptied when the bus comes back (messages sent meanwhile are lost).
 */
export class DistributedCache<V> implements ModuleInterface {
  readonly name: string;
  readonly #l1: Cache<V>;
  readonly #l2: RedisL2<V>;
  readonly #bus: InvalidationBus;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #defaultTtl: number;
  readonly #l1MaxTtl: number;
  readonly #fillLockTimeout: number;
  readonly #deadline: RedisDeadline;
  readonly #waiting = new Map<string, Set<() => void>>();
  readonly #l2Counts = { hits: 0, misses: 0, errors: 0 };
  readonly #fills = { local: 0, remote: 0, lockTimeouts: 0 };
  #status: ModuleStatus = 'registered';

  constructor(options: DistributedCacheOptions<V>) {
    const { redis, prefix, codec, l1MaxTtl, fillLockTimeout, redisTimeout, registry, onBusMessage, ...l1Options } =
      options;
    const where = `createDistributedCache(${JSON.stringify(options?.name)})`;
    if (typeof redis?.publish !== 'function') throw invalid(where, 'redis', 'must be an ioredis client');
    this.#l1MaxTtl = positive(where, 'l1MaxTtl', l1MaxTtl ?? 60_000);
    this.#fillLockTimeout = positive(where, 'fillLockTimeout', fillLockTimeout ?? 5_000);
    const timeout = positive(where, 'redisTimeout', redisTimeout ?? 500);
    if (l1Options.strategy !== undefined) throw invalid(where, 'strategy', 'is not supported here; give a ttl');
    const ttl = l1Options.ttl === undefined ? Number.POSITIVE_INFINITY : ttlMs(where, l1Options.ttl);
    // L1 reports the usual outrider_cache_* series; L2, the bus and fills add their own.
    this.#l1 = new Cache<V>({
      ...l1Options,
      ttl: Math.min(ttl, this.#l1MaxTtl),
      ...(registry === undefined ? {} : { registry }),
    });
    this.name = options.name;
    this.#defaultTtl = lruTtl(where, { ttl }, 0, 0);
    const keyPrefix = prefix ?? `outrider:cache:${options.name}:`;
    this.#l2 = new RedisL2(redis, keyPrefix, codec ?? (jsonCodec as CacheCodec<V>));
    this.#bus = new InvalidationBus(
      redis,
      `${keyPrefix}bus`,
      (message, lagMs) => {
        this.#apply(message);
        onBusMessage?.(message, lagMs);
      },
      () => this.#l1.clear(),
    );
    this.#clock = options.clock ?? systemClock;
    this.#deadline = new RedisDeadline(this.#clock, timeout, options.name);
    this.#logger = options.logger ?? silentLogger;
    if (registry !== undefined) reportDistributedTo(registry, this);
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(): void {
    this.#status = 'initialized';
  }

  /** Subscribes to the bus. Until then the cache works, but hears no other replica. */
  async start(): Promise<void> {
    await this.#bus.start();
    this.#status = 'running';
  }

  async stop(): Promise<void> {
    await this.#bus.stop();
    this.#status = 'stopped';
  }

  /** The value in this replica's memory (L1) only, synchronously; never asks Redis. */
  getLocal(key: string): V | undefined {
    return this.#l1.get(key);
  }

  /** From L1, else from L2 (then kept in L1 for what is left of its TTL). */
  get(key: string): Promise<V | undefined> {
    const local = this.#l1.get(key);
    if (local !== undefined) return Promise.resolve(local);
    // The hot path of a shared cache: one promise chained on the read, not an async function per layer.
    return this.#deadline
      .run('get', () => this.#l2.read(key))
      .then(
        (text) => {
          if (text === null) {
            this.#l2Counts.misses++;
            return undefined;
          }
          let remote: L2Entry<V>;
          try {
            remote = this.#l2.decode(text);
          } catch (error) {
            return this.#failed('get', error);
          }
          this.#l2Counts.hits++;
          this.#l1.set(key, remote.value, this.#l1Options(remote.ttlLeft, remote.tags));
          return remote.value;
        },
        (error: unknown) => this.#failed('get', error),
      );
  }

  /** Writes both levels, then tells the other replicas to drop their copy. */
  async set(key: string, value: V, options?: EntryOptions): Promise<void> {
    this.#l1.set(key, value, options === undefined ? undefined : { ...options, ttl: this.#l1Ttl(options.ttl) });
    const ttl = this.#ttlOf(options);
    if (ttl === DO_NOT_STORE) return;
    await this.#redis('set', async () => {
      await this.#l2.set(key, value, ttl, options?.tags ?? []);
      await this.#bus.publish({ op: 'delete', key });
    });
  }

  async delete(key: string): Promise<boolean> {
    const local = this.#l1.delete(key);
    const remote = await this.#redis('delete', async () => {
      const removed = await this.#l2.delete(key);
      await this.#bus.publish({ op: 'delete', key });
      return removed;
    });
    return local || remote === true;
  }

  /** Removes the tag's entries here, in Redis and in every replica; returns how many Redis held. */
  async invalidateTag(tag: string): Promise<number> {
    const local = this.#l1.invalidateTag(tag);
    const remote = await this.#redis('invalidateTag', async () => {
      const removed = await this.#l2.dropTag(tag);
      await this.#bus.publish({ op: 'tag', tag });
      return removed;
    });
    return remote ?? local;
  }

  /** Removes the entries under `prefix` here, in Redis (by SCAN) and in every replica. */
  async invalidatePrefix(prefix: string): Promise<number> {
    const local = this.#l1.invalidatePrefix(prefix);
    const remote = await this.#redis('invalidatePrefix', async () => {
      const removed = await this.#l2.dropPrefix(prefix);
      await this.#bus.publish({ op: 'prefix', prefix });
      return removed;
    });
    return remote ?? local;
  }

  /**
   * L1, else L2, else the factory, once for concurrent misses in this replica (lru-cache fetch) and
   * across replicas (a fill lock in Redis; the others wait for the value in L2).
   */
  getOrSet(key: string, factory: () => Promise<V> | V, options?: EntryOptions): Promise<V> {
    const l1Options = { ...options, ttl: this.#l1Ttl(options?.ttl) };
    return this.#l1.getOrSet(key, () => this.#fill(key, factory, options), l1Options);
  }

  stats(): DistributedCacheStats {
    return { ...this.#l1.stats(), l2: { ...this.#l2Counts }, bus: this.#bus.counts(), fills: { ...this.#fills } };
  }

  async #fill(key: string, factory: () => Promise<V> | V, options: EntryOptions | undefined): Promise<V> {
    const cached = await this.#redis('get', () => this.#l2.get(key));
    if (cached !== undefined) {
      this.#fills.remote++;
      return cached.value;
    }
    const token = randomUUID();
    const locked = await this.#redis('lock', () => this.#l2.lockFill(key, token, this.#fillLockTimeout));
    if (locked === false) {
      const filled = await this.#awaitFill(key);
      if (filled !== undefined) {
        this.#fills.remote++;
        return filled;
      }
      this.#fills.lockTimeouts++;
    }
    this.#fills.local++;
    try {
      const value = await factory();
      const ttl = this.#ttlOf(options);
      if (ttl !== DO_NOT_STORE) {
        await this.#redis('set', async () => {
          await this.#l2.set(key, value, ttl, options?.tags ?? []);
          await this.#bus.publish({ op: 'filled', key });
        });
      }
      return value;
    } finally {
      if (locked === true) void this.#redis('unlock', () => this.#l2.unlockFill(key, token));
    }
  }

  /** Waits for another replica's fill of `key`: woken by its `filled` message, polling L2 meanwhile. */
  async #awaitFill(key: string): Promise<V | undefined> {
    const deadline = this.#clock.now() + this.#fillLockTimeout;
    for (let pause = 10; this.#clock.now() < deadline; pause = Math.min(pause * 2, 200)) {
      await new Promise<void>((resolve) => {
        const waiters = this.#waiting.get(key) ?? new Set();
        this.#waiting.set(key, waiters);
        const wake = () => {
          this.#clock.clearTimeout(timer);
          waiters.delete(wake);
          if (waiters.size === 0) this.#waiting.delete(key);
          resolve();
        };
        const timer = this.#clock.setTimeout(wake, Math.min(pause, Math.max(0, deadline - this.#clock.now())));
        waiters.add(wake);
      });
      const entry = await this.#redis('get', () => this.#l2.get(key));
      if (entry !== undefined) return entry.value;
    }
    return undefined;
  }

  #apply(message: BusMessage): void {
    switch (message.op) {
      case 'delete':
        this.#l1.delete(message.key);
        break;
      case 'tag':
        this.#l1.invalidateTag(message.tag);
        break;
      case 'prefix':
        this.#l1.invalidatePrefix(message.prefix);
        break;
      case 'filled':
        for (const wake of this.#waiting.get(message.key) ?? []) wake();
        break;
    }
  }

  /** A Redis call within `redisTimeout`; on failure the cache goes on with L1 alone (undefined). */
  async #redis<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await this.#deadline.run(what, call);
      if (what === 'get') {
        if (result === undefined) this.#l2Counts.misses++;
        else this.#l2Counts.hits++;
      }
      return result;
    } catch (error) {
      return this.#failed(what, error);
    }
  }

  #failed(what: string, error: unknown): undefined {
    this.#l2Counts.errors++;
    this.#logger.warn({ cache: this.name, op: what, err: String(error) }, 'Redis unavailable; serving from memory');
    return undefined;
  }

  /** TTL in ms for Redis: 0 for none, DO_NOT_STORE for NEVER. */
  #ttlOf(options: EntryOptions | undefined): number {
    if (options?.ttl === undefined) return this.#defaultTtl;
    return lruTtl(`cache "${this.name}"`, { ttl: options.ttl }, 0, this.#defaultTtl);
  }

  #l1Ttl(ttl: Duration | undefined): number {
    return Math.min(ttl === undefined ? this.#l1MaxTtl : ttlMs(`cache "${this.name}"`, ttl), this.#l1MaxTtl);
  }

  #l1Options(ttlLeft: number | undefined, tags: readonly string[]): EntryOptions {
    return { ttl: this.#l1Ttl(ttlLeft), ...(tags.length > 0 ? { tags: [...tags] } : {}) };
  }
}

function positive(where: string, option: string, value: Duration): number {
  const ms = durationOption(where, option, value);
  if (ms === 0) throw invalid(where, option, 'must be more than 0 ms, got 0');
  return ms;
}

export function createDistributedCache<V>(options: DistributedCacheOptions<V>): DistributedCache<V> {
  return new DistributedCache<V>(options);
}
