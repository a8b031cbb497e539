import { Cache, type EntryOptions } from './cache.js';
import { invalid } from './invalid.js';
import { lruTtl } from './lifetime.js';
import type { CacheOptions } from './options.js';

/** Options shared by `memoize` and `@cached`. */
export interface MemoizeOptions extends Omit<EntryOptions, 'tags'> {
  /** A cache to share (so its tags and prefixes can be invalidated), or options for a private one. Default: a private cache of 1000 entries. */
  cache?: Cache<unknown> | Partial<CacheOptions>;
  /** The cache key for a call. Default: the function's (method's) name, ':' and the arguments as JSON. */
  key?(...args: unknown[]): string;
  /** Tags for a call's entry: fixed, or computed from the arguments. */
  tags?: readonly string[] | ((...args: unknown[]) => readonly string[]);
}

/** A memoized function: async, single-flight per key, with its cache at hand. */
export type Memoized<Args extends unknown[], R> = ((...args: Args) => Promise<R>) & { readonly cache: Cache<R> };

/** Resolves `options.cache` to a cache, creating a private one named `name` when needed. */
export function cacheFor<R>(name: string, options: MemoizeOptions): Cache<R> {
  if (options.cache instanceof Cache) return options.cache as Cache<R>;
  return new Cache<R>({ name, max: 1000, ...options.cache });
}

/** Checks the per-entry options once, so bad input fails when the function is wrapped, not per call. */
export function checkMemoizeOptions(where: string, options: MemoizeOptions): void {
  lruTtl(where, options, 0, 0);
  if (options.key !== undefined && typeof options.key !== 'function') throw invalid(where, 'key', 'must be a function');
  const { tags } = options;
  if (tags !== undefined && typeof tags !== 'function' && !Array.isArray(tags)) {
    throw invalid(where, 'tags', 'must be an array of strings or a function');
  }
}

/** `name:` plus the arguments as JSON: fine for primitives and plain data. */
export function defaultKey(name: string, args: readonly unknown[]): string {
  return `${name}:${JSON.stringify(args)}`;
}

/** The entry options for one call: lifetime plus tags resolved against `self` and `args`. */
export function entryOptionsFor(options: MemoizeOptions, self: unknown, args: readonly unknown[]): EntryOptions {
  const { ttl, strategy, tags } = options;
  const resolved = typeof tags === 'function' ? tags.apply(self, args as unknown[]) : tags;
  return {
    ...(ttl === undefined ? {} : { ttl }),
    ...(strategy === undefined ? {} : { strategy }),
    ...(resolved === undefined ? {} : { tags: resolved }),
  };
}

/**
 * Wraps `fn` so calls with the same key share one cached result (and one in-flight call).
 * The result is always a Promise; a call that throws caches nothing.
 */
export function memoize<Args extends unknown[], R>(
  fn: (...args: Args) => R | Promise<R>,
  options: MemoizeOptions = {},
): Memoized<Args, R> {
  if (typeof fn !== 'function') throw invalid('memoize', 'fn', 'must be a function');
  const name = fn.name || 'memoized';
  checkMemoizeOptions(`memoize(${name})`, options);
  const cache = cacheFor<R>(name, options);
  const memoized = (...args: Args): Promise<R> => {
    const key = options.key === undefined ? defaultKey(name, args) : options.key(...args);
    return cache.getOrSet(key, () => fn(...args), entryOptionsFor(options, undefined, args));
  };
  return Object.assign(memoized, { cache });
}
