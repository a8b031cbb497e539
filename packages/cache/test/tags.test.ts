import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';

describe('tags', () => {
  it('invalidateTag removes exactly the tagged entries and says how many', () => {
    const cache = createCache<string>({ name: 'tags', max: 100 });
    cache.set('user:1', 'Ada', { tags: ['users', 'team:a'] });
    cache.set('user:2', 'Bob', { tags: ['users', 'team:b'] });
    cache.set('config', 'x');
    expect(cache.invalidateTag('team:a')).toBe(1);
    expect([cache.has('user:1'), cache.has('user:2'), cache.has('config')]).toEqual([false, true, true]);
    expect(cache.invalidateTag('users')).toBe(1);
    expect(cache.invalidateTag('users')).toBe(0);
    expect(cache.has('config')).toBe(true);
    expect(cache.stats()).toMatchObject({ invalidations: 2, tags: 0 });
  });

  it('gives an entry the tags of its latest write', () => {
    const cache = createCache<string>({ name: 'retag', max: 100 });
    cache.set('k', 'v1', { tags: ['old'] });
    cache.set('k', 'v2', { tags: ['new'] });
    expect(cache.invalidateTag('old')).toBe(0);
    expect(cache.get('k')).toBe('v2');
    cache.set('k', 'v3');
    expect(cache.invalidateTag('new')).toBe(0);
    expect(cache.stats().tags).toBe(0);
  });

  it('tags entries loaded by getOrSet', async () => {
    const cache = createCache<string>({ name: 'tag-load', max: 100 });
    await cache.getOrSet('k', () => 'v', { tags: ['loaded'] });
    expect(cache.invalidateTag('loaded')).toBe(1);
  });

  it('forgets tags of evicted, expired, deleted and cleared entries (no leak)', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'tag-leak', max: 100, ttl: 1_000, clock });
    for (let i = 0; i < 1_000; i++) cache.set(`k${i}`, i, { tags: [`t${i}`, 'all'] });
    expect(cache.stats()).toMatchObject({ size: 100, tags: 101, evictions: 900 });
    cache.delete('k999');
    expect(cache.stats().tags).toBe(100);
    await clock.advance(1_001);
    cache.purgeStale();
    expect(cache.stats()).toMatchObject({ size: 0, tags: 0 });
    cache.set('a', 1, { tags: ['x'] });
    cache.clear();
    expect(cache.stats().tags).toBe(0);
    expect(cache.invalidateTag('x')).toBe(0);
  });

  it("keeps its own copy of the tags, so changing the caller's array later changes nothing", () => {
    const cache = createCache<string>({ name: 'tag-copy', max: 10 });
    const tags = ['a'];
    cache.set('k', 'v', { tags });
    tags[0] = 'b';
    expect(cache.invalidateTag('b')).toBe(0);
    expect(cache.invalidateTag('a')).toBe(1);
    expect(cache.stats().tags).toBe(0);
  });
});
