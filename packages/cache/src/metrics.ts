import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import type { CacheStats } from './stats.js';

/** Anything that can report cache stats under a name. */
export interface StatsSource {
  readonly name: string;
  stats(): CacheStats;
}

type CounterSpec = readonly [name: string, help: string, read: (stats: CacheStats) => number];

const COUNTERS: readonly CounterSpec[] = [
  ['outrider_cache_sets_total', 'Entries written.', (stats) => stats.sets],
  ['outrider_cache_evictions_total', 'Entries dropped because the cache was full.', (stats) => stats.evictions],
  ['outrider_cache_expirations_total', 'Entries dropped because their TTL passed.', (stats) => stats.expirations],
  [
    'outrider_cache_invalidations_total',
    'Entries removed by tag or prefix invalidation.',
    (stats) => stats.invalidations,
  ],
  ['outrider_cache_factory_errors_total', 'getOrSet factories that threw.', (stats) => stats.factoryErrors],
];

/** Caches reporting to each registry. Weakly held: a cache that is dropped stops reporting. */
const sourcesByRegistry = new WeakMap<Registry, Set<WeakRef<StatsSource>>>();

function liveStats(sources: Set<WeakRef<StatsSource>>): Array<[string, CacheStats]> {
  const out: Array<[string, CacheStats]> = [];
  for (const ref of sources) {
    const source = ref.deref();
    if (source === undefined) sources.delete(ref);
    else out.push([source.name, source.stats()]);
  }
  return out;
}

/**
 * Registers the cache metrics on `registry` once, read from every reporting cache at scrape time:
 * the hot path only bumps plain numbers. Caches sharing a name add up.
 */
export function reportTo(registry: Registry, source: StatsSource): void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    const all = new Set<WeakRef<StatsSource>>();
    sources = all;
    sourcesByRegistry.set(registry, all);
    counter(registry, {
      name: 'outrider_cache_requests_total',
      help: 'Cache reads by result: hit, stale (served while refreshing) or miss.',
      labelNames: ['cache', 'result'],
      collect() {
        this.reset();
        for (const [cache, stats] of liveStats(all)) {
          this.inc({ cache, result: 'hit' }, stats.hits - stats.staleHits);
          this.inc({ cache, result: 'stale' }, stats.staleHits);
          this.inc({ cache, result: 'miss' }, stats.misses);
        }
      },
    });
    for (const [name, help, read] of COUNTERS) {
      counter(registry, {
        name,
        help,
        labelNames: ['cache'],
        collect() {
          this.reset();
          for (const [cache, stats] of liveStats(all)) this.inc({ cache }, read(stats));
        },
      });
    }
    gauge(registry, {
      name: 'outrider_cache_entries',
      help: 'Entries held.',
      labelNames: ['cache'],
      collect() {
        this.reset();
        for (const [cache, stats] of liveStats(all)) this.inc({ cache }, stats.size);
      },
    });
  }
  sources.add(new WeakRef(source));
}
