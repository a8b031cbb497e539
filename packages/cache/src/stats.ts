/** What `cache.stats()` reports; every count is since the cache was created. */
export interface CacheStats {
  /** Reads that found a value (`get` and `getOrSet`), stale-while-revalidate serves included. */
  hits: number;
  /** Of the hits, those served stale while a refresh ran. */
  staleHits: number;
  misses: number;
  /** hits / (hits + misses); 0 before any read. */
  hitRate: number;
  /** Entries written: set, loaded by getOrSet, warmed or restored. */
  sets: number;
  /** Entries dropped because the cache was full. */
  evictions: number;
  /** Entries dropped because their TTL passed (noticed on access or by purgeStale). */
  expirations: number;
  /** Entries removed by invalidateTag / invalidatePrefix. */
  invalidations: number;
  /** getOrSet factories that threw, background refreshes included. */
  factoryErrors: number;
  /** Entries held now. */
  size: number;
  /** Distinct tags indexed now. */
  tags: number;
}
