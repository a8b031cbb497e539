import { type Logger, silentLogger, toError } from '@outrider/core';
import { LRUCache } from 'lru-cache';
import { invalid } from './invalid.js';
import { DO_NOT_STORE, type Lifetime, lruTtl } from './lifetime.js';
import { reportTo } from './metrics.js';
import { type CacheOptions, checkCacheOptions, checkTags } from './options.js';
import { PrefixIndex } from './prefix-index.js';
import { readSnapshot, type SnapshotEntry, writeSnapshot } from './snapshot.js';
import type { CacheStats } from './stats.js';
import { Tagged, TagIndex, tagList, unwrap } from './tag-index.js';

/** Per-entry options of `set`, `getOrSet` and `warm`. */
export interface EntryOptions extends Lifetime {
  /** Tags to invalidate the entry by. An entry's tags are those of its latest write. */
  tags?: readonly string[];
}

/** One entry for `warm`. */
export interface WarmEntry<V> extends EntryOptions {
  key: string;
  value: V;
}

export type WarmSource<V> =
  | Iterable<WarmEntry<V>>
  | AsyncIterable<WarmEntry<V>>
  | (() => Iterable<WarmEntry<V>> | AsyncIterable<WarmEntry<V>> | Promise<Iterable<WarmEntry<V>>>);

type Stored<V> = V | Tagged<V>;
/** What a getOrSet miss hands lru-cache's fetchMethod. */
interface Load<V> {
  factory: () => Promise<V> | V;
  tags: readonly string[] | undefined;
}

/** Reads a cache's private prefix index; set by the class's static block. */
let nodesOf: (cache: Cache<unknown>) => number;

/**
 * A bounded TTL/LRU cache on lru-cache with strategies, tags, prefix invalidation, single-flight
 * loads, stale-while-revalidate, snapshots and stats. Keys are strings; values are never undefined.
 */
export class Cache<V> {
  static {
    nodesOf = (cache) => cache.#prefixes?.nodes ?? 0;
  }

  readonly name: string;
  readonly #lru: LRUCache<string, Stored<V> & {}, Load<V>>;
  readonly #where: string;
  readonly #defaultTtl: number;
  readonly #staleWindow: number;
  readonly #sized: boolean;
  readonly #tags = new TagIndex();
  /** The delimiter of the prefix index; undefined when it is turned off. */
  readonly #prefixDelimiter: string | undefined;
  /** Built on the first invalidatePrefix, then kept in step: caches that never use it pay nothing. */
  #prefixes: PrefixIndex | undefined;
  /** Background refreshes in flight, by key; a token per run so an invalidated one does not write. */
  readonly #refreshing = new Map<string, object>();
  readonly #logger: Logger;
  #clearing = false;
  #hits = 0;
  #staleHits = 0;
  #misses = 0;
  #sets = 0;
  #evictions = 0;
  #expirations = 0;
  #invalidations = 0;
  #factoryErrors = 0;

  constructor(options: CacheOptions) {
    const staleWindow = checkCacheOptions(options);
    this.name = options.name;
    this.#where = `cache "${options.name}"`;
    this.#staleWindow = Math.ceil(staleWindow);
    this.#defaultTtl = lruTtl(`createCache("${options.name}")`, options, this.#staleWindow, 0);
    this.#sized = options.maxSize !== undefined;
    this.#logger = options.logger ?? silentLogger;
    this.#prefixDelimiter = options.prefixIndex === false ? undefined : (options.prefixIndex?.delimiter ?? ':');
    const { clock, sizeOf = defaultSizeOf } = options;
    this.#lru = new LRUCache<string, Stored<V> & {}, Load<V>>({
      max: options.max,
      ...(this.#sized
        ? { maxSize: options.maxSize, sizeCalculation: (stored, key) => sizeOf(unwrap(stored), key) }
        : {}),
      ...(this.#defaultTtl > 0 ? { ttl: this.#defaultTtl } : {}),
      // An injected clock is read on every check: lru-cache's 1 ms caching of "now" runs on a real timer.
      // lru-cache reads a start time of 0 as "no TTL", and a ManualClock starts at 0: shift it by 1 ms
      // (it only ever compares its own readings).
      ...(clock === undefined ? {} : { perf: { now: () => clock.now() + 1 }, ttlResolution: 0 }),
      onInsert: (stored, key, reason) => this.#onInsert(stored, key, reason),
      dispose: (stored, key, reason) => this.#onDispose(stored, key, reason),
      fetchMethod: (key, _stale, { context }) => this.#load(key, context),
      // A load whose entry is deleted or invalidated meanwhile still answers its waiters, but is not stored.
      ignoreFetchAbort: true,
    });
    if (options.registry !== undefined) reportTo(options.registry, this);
  }

  /** The value if present and fresh, else undefined. */
  get(key: string): V | undefined {
    const stored = this.#lru.get(key);
    if (stored === undefined || (this.#staleWindow > 0 && this.#isStale(key))) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    return stored instanceof Tagged ? stored.value : stored;
  }

  has(key: string): boolean {
    return this.#lru.has(key) && !(this.#staleWindow > 0 && this.#isStale(key));
  }

  set(key: string, value: V, options?: EntryOptions): this {
    if (typeof key !== 'string') throw invalid(this.#where, 'key', 'must be a string');
    if (value === undefined) throw invalid(this.#where, 'value', 'must not be undefined (use delete, or store null)');
    const ttl = options === undefined ? this.#defaultTtl : this.#ttlOf(options);
    if (ttl === DO_NOT_STORE) {
      this.delete(key);
      return this;
    }
    const tags = options === undefined ? undefined : checkTags(this.#where, options.tags);
    const stored = (tags === undefined ? value : new Tagged(value, this.#tags.own(tags))) as Stored<V> & {};
    this.#lru.set(key, stored, ttl === this.#defaultTtl ? undefined : { ttl });
    // An entry larger than maxSize replaces nothing and is dropped without an insert.
    if (this.#sized && this.#prefixes !== undefined && !this.#lru.has(key)) this.#prefixes.remove(key);
    return this;
  }

  delete(key: string): boolean {
    return this.#lru.delete(key);
  }

  clear(): void {
    this.#clearing = true;
    try {
      this.#lru.clear();
    } finally {
      this.#clearing = false;
    }
    this.#tags.clear();
    this.#prefixes?.clear();
    this.#refreshing.clear();
  }

  /**
   * The cached value, or the factory's. Concurrent misses on one key share one factory call
   * (lru-cache fetch); a factory that throws caches nothing and every waiter gets its error. With
   * staleWhileRevalidate, a value in its stale window is returned at once and refreshed in the background.
   */
  getOrSet(key: string, factory: () => Promise<V> | V, options?: EntryOptions): Promise<V> {
    const stored = this.#lru.get(key);
    if (stored !== undefined) {
      this.#hits++;
      if (this.#staleWindow > 0 && this.#isStale(key)) {
        this.#staleHits++;
        this.#refresh(key, factory, options);
      }
      return Promise.resolve(stored instanceof Tagged ? stored.value : stored);
    }
    this.#misses++;
    try {
      if (typeof key !== 'string') throw invalid(this.#where, 'key', 'must be a string');
      if (typeof factory !== 'function') throw invalid(this.#where, 'factory', 'must be a function');
      const ttl = options === undefined ? this.#defaultTtl : this.#ttlOf(options);
      if (ttl === DO_NOT_STORE) return Promise.resolve().then(factory);
      const tags = options === undefined ? undefined : checkTags(this.#where, options.tags);
      return this.#lru.fetch(key, { ttl, context: { factory, tags } }).then(unwrap) as Promise<V>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Removes every entry tagged `tag`; returns how many. Visits only those entries. */
  invalidateTag(tag: string): number {
    if (typeof tag !== 'string') throw invalid(this.#where, 'tag', 'must be a string');
    return this.#invalidate(this.#tags.take(tag));
  }

  /**
   * Removes every entry whose key starts with `prefix`; returns how many. With the prefix index
   * (default), only keys under the prefix's path are visited, after a one-time build on the first
   * call; without it, every key is.
   */
  invalidatePrefix(prefix: string): number {
    if (typeof prefix !== 'string') throw invalid(this.#where, 'prefix', 'must be a string');
    if (this.#prefixDelimiter === undefined) {
      return this.#invalidate([...this.#lru.keys()].filter((key) => key.startsWith(prefix)));
    }
    if (this.#prefixes === undefined) {
      // Expired entries go first: keys() skips them, and one replaced later would never be indexed.
      this.#lru.purgeStale();
      const prefixes = new PrefixIndex(this.#prefixDelimiter);
      for (const key of this.#lru.keys()) prefixes.add(key);
      this.#prefixes = prefixes;
    }
    return this.#invalidate(this.#prefixes.keysWithPrefix(prefix));
  }

  /** Writes entries from a list, an async iterable or a loader; returns how many. */
  async warm(source: WarmSource<V>): Promise<number> {
    const entries = typeof source === 'function' ? await source() : source;
    let count = 0;
    for await (const entry of entries) {
      this.set(entry.key, entry.value, entry);
      count++;
    }
    return count;
  }

  /** Saves every live entry (values as JSON) to `path`, atomically; returns how many. */
  async snapshot(path: string): Promise<number> {
    const entries: Array<[string, SnapshotEntry]> = this.#lru.dump().map(([key, dumped]) => {
      const entry: SnapshotEntry = { value: unwrap(dumped.value) };
      if (dumped.value instanceof Tagged) entry.tags = tagList(dumped.value.tags);
      if (dumped.ttl !== undefined && dumped.ttl > 0) {
        entry.ttl = dumped.ttl;
        if (dumped.start !== undefined) entry.start = dumped.start;
      }
      return [key, entry];
    });
    await writeSnapshot(path, this.name, entries);
    return entries.length;
  }

  /**
   * Replaces the contents with a snapshot's entries that have not expired meanwhile; returns how
   * many. A missing file restores nothing (a first start); a corrupt one is OUTRIDER_CACHE_SNAPSHOT_INVALID.
   */
  async restore(path: string): Promise<number> {
    const entries = await readSnapshot(path);
    if (entries === undefined) return 0;
    const now = Date.now();
    const live = entries
      .filter(([, entry]) => entry.ttl === undefined || entry.start === undefined || entry.start + entry.ttl > now)
      .map(([key, entry]): [string, LRUCache.Entry<Stored<V> & {}>] => {
        const value = (
          entry.tags === undefined ? entry.value : new Tagged(entry.value, this.#tags.own(entry.tags))
        ) as Stored<V> & {};
        return [key, entry.ttl === undefined ? { value } : { value, ttl: entry.ttl, start: entry.start ?? now }];
      });
    this.clear();
    this.#lru.load(live);
    return this.#lru.size;
  }

  /** Drops expired entries now (expiry is otherwise noticed on access); returns whether any were. */
  purgeStale(): boolean {
    return this.#lru.purgeStale();
  }

  get size(): number {
    return this.#lru.size;
  }

  stats(): CacheStats {
    const reads = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      staleHits: this.#staleHits,
      misses: this.#misses,
      hitRate: reads === 0 ? 0 : this.#hits / reads,
      sets: this.#sets,
      evictions: this.#evictions,
      expirations: this.#expirations,
      invalidations: this.#invalidations,
      factoryErrors: this.#factoryErrors,
      size: this.#lru.size,
      tags: this.#tags.size,
    };
  }

  #ttlOf(options: Lifetime): number {
    if (options.ttl === undefined && options.strategy === undefined) return this.#defaultTtl;
    return lruTtl(this.#where, options, this.#staleWindow, this.#defaultTtl);
  }

  /** In the stale-while-revalidate window: past its TTL, still held. */
  #isStale(key: string): boolean {
    return this.#lru.getRemainingTTL(key) <= this.#staleWindow;
  }

  #invalidate(keys: Iterable<string>): number {
    let removed = 0;
    for (const key of keys) if (this.#lru.delete(key)) removed++;
    this.#invalidations += removed;
    return removed;
  }

  async #load(key: string, load: Load<V>): Promise<Stored<V> & {}> {
    let value: V;
    try {
      value = await load.factory();
    } catch (error) {
      this.#factoryErrors++;
      throw error;
    }
    if (value === undefined) {
      this.#factoryErrors++;
      throw invalid(this.#where, 'factory', `returned undefined for "${key}" (return null to cache "nothing")`);
    }
    return (load.tags === undefined ? value : new Tagged(value, this.#tags.own(load.tags))) as Stored<V> & {};
  }

  #refresh(key: string, factory: () => Promise<V> | V, options: EntryOptions | undefined): void {
    if (this.#refreshing.has(key)) return;
    const token = {};
    this.#refreshing.set(key, token);
    Promise.resolve()
      .then(factory)
      .then(
        (value) => {
          if (this.#refreshing.get(key) === token && value !== undefined) this.set(key, value, options);
        },
        (error: unknown) => {
          this.#factoryErrors++;
          this.#logger.warn({ cache: this.name, key, err: toError(error) }, 'cache refresh failed; serving stale');
        },
      )
      .finally(() => {
        if (this.#refreshing.get(key) === token) this.#refreshing.delete(key);
      });
  }

  #onInsert(stored: Stored<V>, key: string, reason: LRUCache.InsertReason): void {
    this.#sets++;
    if (reason === 'add') this.#prefixes?.add(key);
    if (stored instanceof Tagged) this.#tags.add(key, stored.tags);
  }

  #onDispose(stored: Stored<V>, key: string, reason: LRUCache.DisposeReason): void {
    if (this.#clearing) return;
    // Every disposal drops the old value's tags; a replacing write re-adds its own in onInsert.
    if (stored instanceof Tagged) this.#tags.remove(key, stored.tags);
    if (reason === 'set') return;
    this.#prefixes?.remove(key);
    if (this.#refreshing.size > 0) this.#refreshing.delete(key);
    if (reason === 'evict') this.#evictions++;
    else if (reason === 'expire') this.#expirations++;
  }
}

function defaultSizeOf(value: unknown): number {
  return Math.max(1, JSON.stringify(value)?.length ?? 1);
}

/** A new cache; see {@link CacheOptions}. */
export function createCache<V>(options: CacheOptions): Cache<V> {
  return new Cache<V>(options);
}

/** Trie nodes of a cache's prefix index (0 until built): for the package's leak tests, not exported. */
export function prefixIndexNodes(cache: Cache<unknown>): number {
  return nodesOf(cache);
}
