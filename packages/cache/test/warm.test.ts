import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { createCache, type WarmEntry } from '../src/index.js';

describe('warm', () => {
  it('writes a list of entries with their own lifetimes and tags', async () => {
    const clock = new ManualClock();
    const cache = createCache<string>({ name: 'warm', max: 10, clock });
    const count = await cache.warm([
      { key: 'a', value: 'A', ttl: 100 },
      { key: 'b', value: 'B', tags: ['t'] },
    ]);
    expect(count).toBe(2);
    await clock.advance(101);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.invalidateTag('t')).toBe(1);
  });

  it('takes a loader, sync or async, and an async iterable', async () => {
    const cache = createCache<number>({ name: 'warm-loader', max: 10 });
    expect(await cache.warm(async () => [{ key: 'x', value: 1 }])).toBe(1);
    async function* fromDatabase(): AsyncGenerator<WarmEntry<number>> {
      for (let i = 0; i < 3; i++) yield { key: `row:${i}`, value: i };
    }
    expect(await cache.warm(fromDatabase())).toBe(3);
    expect(await cache.warm(() => fromDatabase())).toBe(3);
    expect(cache.get('row:2')).toBe(2);
  });
});
