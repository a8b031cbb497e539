import { ManualClock } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';

describe('stats and metrics', () => {
  it('counts hits, misses, sets, evictions and expirations, and computes the hit rate', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'stats', max: 2, ttl: 100, clock });
    cache.set('a', 1).set('b', 2).set('c', 3); // evicts a
    cache.get('b');
    cache.get('c');
    cache.get('a');
    await clock.advance(101);
    cache.get('b'); // expired
    expect(cache.stats()).toEqual({
      hits: 2,
      staleHits: 0,
      misses: 2,
      hitRate: 0.5,
      sets: 3,
      evictions: 1,
      expirations: 1,
      invalidations: 0,
      factoryErrors: 0,
      size: 1,
      tags: 0,
    });
  });

  it('reports outrider_cache_* metrics per cache on a shared registry', async () => {
    const registry = new Registry();
    const users = createCache<number>({ name: 'users', max: 10, registry });
    const sessions = createCache<number>({ name: 'sessions', max: 1, registry });
    users.set('u', 1, { tags: ['t'] });
    users.get('u');
    users.get('u');
    users.get('nope');
    await users.getOrSet('v', () => 2);
    users.invalidateTag('t');
    sessions.set('a', 1).set('b', 2);

    const text = await registry.metrics();
    expect(text).toContain('outrider_cache_requests_total{cache="users",result="hit"} 2');
    expect(text).toContain('outrider_cache_requests_total{cache="users",result="miss"} 2');
    expect(text).toContain('outrider_cache_sets_total{cache="users"} 2');
    expect(text).toContain('outrider_cache_invalidations_total{cache="users"} 1');
    expect(text).toContain('outrider_cache_evictions_total{cache="sessions"} 1');
    expect(text).toContain('outrider_cache_entries{cache="users"} 1');
    expect(text).toContain('outrider_cache_entries{cache="sessions"} 1');

    users.get('v');
    expect(await registry.metrics()).toContain('outrider_cache_requests_total{cache="users",result="hit"} 3');
  });
});
