export { Cache, createCache, type EntryOptions, type WarmEntry, type WarmSource } from './cache.js';
export { cached } from './cached.js';
export {
  createDistributedCache,
  DistributedCache,
  type DistributedCacheOptions,
  type DistributedCacheStats,
} from './distributed-cache.js';
export { cacheErrors } from './error-codes.js';
export { createIndexedStore, IndexedStore, type IndexedStoreOptions } from './indexed-store.js';
export type { BusCounts, BusMessage } from './invalidation-bus.js';
export type { Lifetime } from './lifetime.js';
export { type Memoized, type MemoizeOptions, memoize } from './memoize.js';
export type { CacheOptions } from './options.js';
export { type CacheCodec, jsonCodec } from './redis-l2.js';
export type { CacheStats } from './stats.js';
export { CacheStrategy } from './strategy.js';
