import type { Clock, Duration, Logger } from '@outrider/core';
import type { Registry } from 'prom-client';
import { durationOption, invalid } from './invalid.js';
import type { Lifetime } from './lifetime.js';

export interface CacheOptions extends Lifetime {
  /** Names the cache in metrics, logs and errors. */
  name: string;
  /** Most entries held; the least recently used goes first. Required: a cache is bounded. */
  max: number;
  /** Optional bound on the summed `sizeOf` of entries. */
  maxSize?: number;
  /** Size of one entry for `maxSize`. Default: length of its JSON. */
  sizeOf?: (value: unknown, key: string) => number;
  /**
   * For `getOrSet`: this long after an entry's TTL, the stale value is still returned while one
   * background call of the factory refreshes it. Default 0 (off).
   */
  staleWhileRevalidate?: Duration;
  /**
   * Index keys by `delimiter`-separated segments so invalidatePrefix visits only matching keys. The
   * index is built by the first invalidatePrefix (one scan) and kept in step with writes from then on.
   * `false` turns it off (every invalidatePrefix then scans every key). Default `{ delimiter: ':' }`.
   */
  prefixIndex?: { delimiter?: string } | false;
  /** When given, the cache reports its metrics (outrider_cache_*) there, labelled with `name`. */
  registry?: Registry;
  /** Time source for TTLs; inject a ManualClock in tests. Default: lru-cache's own (performance.now). */
  clock?: Clock;
  /** Where failed background refreshes are reported. Default: silent. */
  logger?: Logger;
}

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

/**
 * Checks the options that lifetime checks do not cover; throws OUTRIDER_INVALID_ARGUMENT naming the
 * option. Returns the stale-while-revalidate window in ms.
 */
export function checkCacheOptions(options: CacheOptions): number {
  const where = `createCache(${typeof options?.name === 'string' ? JSON.stringify(options.name) : ''})`;
  if (typeof options !== 'object' || options === null) throw invalid('createCache', 'options', 'must be an object');
  if (typeof options.name !== 'string' || options.name === '')
    throw invalid(where, 'name', 'must be a non-empty string');
  if (!positiveInteger(options.max)) throw invalid(where, 'max', `must be an integer > 0, got ${String(options.max)}`);
  if (options.maxSize !== undefined && !positiveInteger(options.maxSize)) {
    throw invalid(where, 'maxSize', `must be an integer > 0, got ${String(options.maxSize)}`);
  }
  if (options.sizeOf !== undefined && typeof options.sizeOf !== 'function') {
    throw invalid(where, 'sizeOf', 'must be a function');
  }
  const prefix = options.prefixIndex;
  if (prefix !== undefined && prefix !== false) {
    if (typeof prefix !== 'object' || prefix === null)
      throw invalid(where, 'prefixIndex', 'must be an object or false');
    if (prefix.delimiter !== undefined && (typeof prefix.delimiter !== 'string' || prefix.delimiter.length !== 1)) {
      throw invalid(where, 'prefixIndex.delimiter', 'must be a single character');
    }
  }
  const swr = options.staleWhileRevalidate;
  return swr === undefined ? 0 : durationOption(where, 'staleWhileRevalidate', swr);
}

/** Tags must be non-empty strings. */
export function checkTags(where: string, tags: unknown): readonly string[] | undefined {
  if (tags === undefined) return undefined;
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || tag === '')) {
    throw invalid(where, 'tags', 'must be an array of non-empty strings');
  }
  return tags.length === 0 ? undefined : tags;
}
