import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';

describe('staleWhileRevalidate', () => {
  it('serves the stale value at once and refreshes it with one background call', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'swr', max: 10, ttl: 1_000, staleWhileRevalidate: 5_000, clock });
    let version = 0;
    const factory = async () => `v${++version}`;
    expect(await cache.getOrSet('k', factory)).toBe('v1');
    await clock.advance(1_500);
    const served = await Promise.all([cache.getOrSet('k', factory), cache.getOrSet('k', factory)]);
    expect(served).toEqual(['v1', 'v1']);
    await clock.advance(0);
    expect(version).toBe(2);
    expect(await cache.getOrSet('k', factory)).toBe('v2');
    expect(cache.stats()).toMatchObject({ staleHits: 2 });
  });

  it('does not return a stale value from get', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'swr-get', max: 10, ttl: 1_000, staleWhileRevalidate: 5_000, clock });
    cache.set('k', 'v');
    await clock.advance(1_001);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.has('k')).toBe(false);
  });

  it('loads afresh (and waits) once the stale window has passed too', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'swr-late', max: 10, ttl: 1_000, staleWhileRevalidate: 1_000, clock });
    cache.set('k', 'old');
    await clock.advance(2_001);
    expect(await cache.getOrSet('k', () => 'new')).toBe('new');
  });

  it('keeps serving stale when the refresh fails, and counts the error', async () => {
    const clock = new ManualClock();
    const warnings: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (bindings: unknown) => {
        warnings.push(bindings);
      },
      child: () => logger,
    };
    const cache = createCache<string>({
      name: 'swr-fail',
      max: 10,
      ttl: 1_000,
      staleWhileRevalidate: 5_000,
      clock,
      logger,
    });
    cache.set('k', 'stale');
    await clock.advance(1_001);
    expect(
      await cache.getOrSet('k', () => {
        throw new Error('upstream down');
      }),
    ).toBe('stale');
    await clock.advance(0);
    expect(cache.stats().factoryErrors).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(await cache.getOrSet('k', () => 'fresh')).toBe('stale');
  });

  it('does not write back a refresh whose key was invalidated meanwhile', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'swr-inval', max: 10, ttl: 1_000, staleWhileRevalidate: 5_000, clock });
    cache.set('k', 'stale', { tags: ['t'] });
    await clock.advance(1_001);
    let release!: (value: string) => void;
    await cache.getOrSet('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidateTag('t');
    release('computed from old data');
    await clock.advance(0);
    expect(cache.has('k')).toBe(false);
  });
});
