import { invalid } from './invalid.js';
import { CacheStrategy, strategyTtlMs } from './strategy.js';

/** How long one entry lives: `ttl` in ms (Infinity = until evicted) or a named strategy, not both. */
export interface Lifetime {
  ttl?: number;
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
  if (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl <= 0) {
    throw invalid(where, 'ttl', `must be a number of ms > 0 (or Infinity), got ${String(ttl)}`);
  }
  return ttl === Number.POSITIVE_INFINITY ? 0 : Math.ceil(ttl) + staleWindow;
}
