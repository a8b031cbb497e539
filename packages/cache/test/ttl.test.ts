import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { CacheStrategy, createCache } from '../src/index.js';

describe('TTL and strategies', () => {
  it('expires an entry after the cache ttl, on the injected clock', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'ttl', max: 10, ttl: 1_000, clock });
    cache.set('a', 'A');
    await clock.advance(999);
    expect(cache.get('a')).toBe('A');
    await clock.advance(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats().expirations).toBe(1);
  });

  it("takes ttl as text: '1s' for the cache, '50ms' for one entry", async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'ttl-text', max: 10, ttl: '1s', clock });
    cache.set('a', 'A');
    cache.set('brief', 'B', { ttl: '50ms' });
    await clock.advance(51);
    expect(cache.get('brief')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    await clock.advance(950);
    expect(cache.get('a')).toBeUndefined();
  });

  it('maps each strategy to its TTL: SHORT 300 s, MEDIUM 1 h, LONG 1 d, VERY_LONG 7 d', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'strategies', max: 10, clock });
    const lifetimes = { SHORT: 300_000, MEDIUM: 3_600_000, LONG: 86_400_000, VERY_LONG: 604_800_000 } as const;
    for (const strategy of Object.keys(lifetimes) as Array<keyof typeof lifetimes>) {
      cache.set(strategy, strategy, { strategy });
    }
    let elapsed = 0;
    for (const [strategy, ttl] of Object.entries(lifetimes)) {
      await clock.advance(ttl - 1 - elapsed);
      expect(cache.get(strategy)).toBe(strategy);
      await clock.advance(2);
      elapsed = ttl + 1;
      expect(cache.get(strategy)).toBeUndefined();
    }
  });

  it('lets a per-entry ttl or strategy override the cache default', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'override', max: 10, strategy: CacheStrategy.SHORT, clock });
    cache.set('default', 1);
    cache.set('brief', 2, { ttl: 50 });
    cache.set('long', 3, { strategy: 'LONG' });
    cache.set('forever', 4, { ttl: Number.POSITIVE_INFINITY });
    await clock.advance(51);
    expect(cache.get('brief')).toBeUndefined();
    expect(cache.get('default')).toBe(1);
    await clock.advance(300_000);
    expect(cache.get('default')).toBeUndefined();
    expect(cache.get('long')).toBe(3);
    await clock.advance(10 * 86_400_000);
    expect(cache.get('long')).toBeUndefined();
    expect(cache.get('forever')).toBe(4);
  });

  it('keeps entries without a ttl until evicted', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'lru-only', max: 10, clock });
    cache.set('a', 1);
    await clock.advance(365 * 86_400_000);
    expect(cache.get('a')).toBe(1);
  });

  it('stores nothing under NEVER, and drops what the key held', async () => {
    const cache = createCache<number>({ name: 'never', max: 10 });
    cache.set('a', 1);
    cache.set('a', 2, { strategy: 'NEVER' });
    expect(cache.get('a')).toBeUndefined();
    let calls = 0;
    const factory = () => ++calls;
    await cache.getOrSet('b', factory, { strategy: 'NEVER' });
    await cache.getOrSet('b', factory, { strategy: 'NEVER' });
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('disables a whole cache with strategy NEVER', async () => {
    const cache = createCache<number>({ name: 'off', max: 10, strategy: 'NEVER' });
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.getOrSet('a', () => 2)).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('drops expired entries on purgeStale, counting them as expirations', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'purge', max: 10, ttl: 100, clock });
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i);
    await clock.advance(101);
    expect(cache.purgeStale()).toBe(true);
    expect(cache.stats()).toMatchObject({ size: 0, expirations: 5 });
  });
});
