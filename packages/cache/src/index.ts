export { Cache, createCache, type EntryOptions, type WarmEntry, type WarmSource } from './cache.js';
export { cached } from './cached.js';
export { createIndexedStore, IndexedStore, type IndexedStoreOptions } from './indexed-store.js';
export type { Lifetime } from './lifetime.js';
export { type Memoized, type MemoizeOptions, memoize } from './memoize.js';
export type { CacheOptions } from './options.js';
export type { CacheStats } from './stats.js';
export { CacheStrategy } from './strategy.js';
