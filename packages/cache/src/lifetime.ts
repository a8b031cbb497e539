import type { Duration } from '@outrider/core';
import { durationOption, invalid } from './invalid.js';
import { CacheStrategy, strategyTtlMs } from './strategy.js';

/** How long one entry lives: `ttl` (`'5m'`, ms; Infinity = until evicted) or a named strategy, not both. */
export interface Lifetime {
  ttl?: Duration;
  strategy?: CacheStrategy;
}

/** Do not store: the NEVER strategy. */
export const DO_NOT_STORE = -1;

/**
 * The TTL to hand lru-cache for a lifetime: 0 for no expiry, DO_NOT_STORE for NEVER, otherwise
 * whole ms plus the stale-while-revalidate window (lru-cache keeps the entry through that window).
 */
export function lruTtl(where: string, lifetime: Lifetime, staleWindow: number, fallback: number): number {
  const { ttl, strategy } = lifetime;
  if (ttl !== undefined && strategy !== undefined) throw invalid(where, 'ttl', 'and "strategy" exclude each other');
  if (strategy !== undefined) {
    if (strategy === CacheStrategy.NEVER) return DO_NOT_STORE;
    const ms = strategyTtlMs[strategy];
    if (ms === undefined) {
      throw invalid(
        where,
        'strategy',
        `must be one of ${Object.keys(CacheStrategy).join(', ')}, got ${String(strategy)}`,
      );
    }
    return ms + staleWindow;
  }
  if (ttl === undefined) return fallback;
  const ms = ttlMs(where, ttl);
  return ms === Number.POSITIVE_INFINITY ? 0 : Math.ceil(ms) + staleWindow;
}

/** A `ttl` in ms: more than 0, or Infinity (until evicted). */
export function ttlMs(where: string, ttl: Duration): number {
  if (ttl === Number.POSITIVE_INFINITY) return ttl;
  const ms = durationOption(where, 'ttl', ttl);
  if (ms === 0) throw invalid(where, 'ttl', 'must be more than 0 ms (or Infinity), got 0');
  return ms;
}
