import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import type { DistributedCacheStats } from './distributed-cache.js';

interface DistributedSource {
  readonly name: string;
  stats(): DistributedCacheStats;
}

/** Distributed caches reporting to each registry, weakly held like the L1 caches. */
const sourcesByRegistry = new WeakMap<Registry, Set<WeakRef<DistributedSource>>>();

function* live(sources: Set<WeakRef<DistributedSource>>): Generator<[string, DistributedCacheStats]> {
  for (const ref of sources) {
    const source = ref.deref();
    if (source === undefined) sources.delete(ref);
    else yield [source.name, source.stats()];
  }
}

/** Registers the L2, bus and fill series once per registry, read from every cache at scrape time. */
export function reportDistributedTo(registry: Registry, source: DistributedSource): void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    const all = new Set<WeakRef<DistributedSource>>();
    sources = all;
    sourcesByRegistry.set(registry, all);
    counter(registry, {
      name: 'outrider_cache_l2_requests_total',
      help: 'Reads of the Redis level by result: hit, miss or error (Redis down or too slow).',
      labelNames: ['cache', 'result'],
      collect() {
        this.reset();
        for (const [cache, { l2 }] of live(all)) {
          this.inc({ cache, result: 'hit' }, l2.hits);
          this.inc({ cache, result: 'miss' }, l2.misses);
          this.inc({ cache, result: 'error' }, l2.errors);
        }
      },
    });
    counter(registry, {
      name: 'outrider_cache_bus_messages_total',
      help: 'Invalidation bus messages, published by this replica or received from others.',
      labelNames: ['cache', 'direction'],
      collect() {
        this.reset();
        for (const [cache, { bus }] of live(all)) {
          this.inc({ cache, direction: 'published' }, bus.published);
          this.inc({ cache, direction: 'received' }, bus.received);
        }
      },
    });
    gauge(registry, {
      name: 'outrider_cache_bus_lag_seconds',
      help: 'Receive time minus send time of the last invalidation from another replica.',
      labelNames: ['cache'],
      collect() {
        this.reset();
        for (const [cache, { bus }] of live(all)) if (bus.lastLagMs !== null) this.set({ cache }, bus.lastLagMs / 1000);
      },
    });
    counter(registry, {
      name: 'outrider_cache_fills_total',
      help: 'getOrSet fills by where the value came from: local factory, remote (another replica), lock_timeout.',
      labelNames: ['cache', 'source'],
      collect() {
        this.reset();
        for (const [cache, { fills }] of live(all)) {
          this.inc({ cache, source: 'local' }, fills.local - fills.lockTimeouts);
          this.inc({ cache, source: 'remote' }, fills.remote);
          this.inc({ cache, source: 'lock_timeout' }, fills.lockTimeouts);
        }
      },
    });
  }
  sources.add(new WeakRef(source));
}
