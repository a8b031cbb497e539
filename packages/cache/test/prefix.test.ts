import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { prefixIndexNodes } from '../src/cache.js';
import { createCache } from '../src/index.js';

const KEYS = ['user', 'user:1', 'user:1:profile', 'user:12', 'user:2', 'users:9', 'session:1', 'a::b', ''];

function survivorsAfter(prefix: string, prefixIndex?: false): string[] {
  const cache = createCache<number>({
    name: 'prefix',
    max: 100,
    ...(prefixIndex === undefined ? {} : { prefixIndex }),
  });
  for (const [i, key] of KEYS.entries()) cache.set(key, i);
  const removed = cache.invalidatePrefix(prefix);
  const left = KEYS.filter((key) => cache.has(key));
  expect(removed).toBe(KEYS.length - left.length);
  return left;
}

describe('invalidatePrefix', () => {
  it.each(['user:', 'user:1', 'user:1:', 'user', 'us', 'users:', 'a:', 'a::', 'session:1', 'nothing', ''])(
    'removes exactly the keys starting with %j, with or without the index',
    (prefix) => {
      const expected = KEYS.filter((key) => !key.startsWith(prefix));
      expect(survivorsAfter(prefix)).toEqual(expected);
      expect(survivorsAfter(prefix, false)).toEqual(expected);
    },
  );

  it('agrees with a full scan on random keys and prefixes', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const word = () => ['a', 'b', 'ab', 'ba', ''][Math.floor(random() * 5)];
    const keys = Array.from({ length: 300 }, () =>
      [word(), word(), word()].slice(0, 1 + Math.floor(random() * 3)).join(':'),
    );
    for (let round = 0; round < 50; round++) {
      const cache = createCache<number>({ name: 'fuzz', max: 1_000 });
      for (const [i, key] of keys.entries()) cache.set(key, i);
      const prefix = [word(), word()].join(random() < 0.5 ? ':' : '').slice(0, Math.floor(random() * 5));
      cache.invalidatePrefix(prefix);
      for (const key of new Set(keys)) expect(cache.has(key), `${key} after ${prefix}`).toBe(!key.startsWith(prefix));
    }
  });

  it('uses the configured delimiter', () => {
    const cache = createCache<number>({ name: 'slash', max: 10, prefixIndex: { delimiter: '/' } });
    cache.set('a/b/c', 1).set('a/bc', 2).set('a/x', 3);
    expect(cache.invalidatePrefix('a/b')).toBe(2);
    expect(cache.has('a/x')).toBe(true);
  });

  it('prunes the index as entries are evicted, expire or are deleted (no leak)', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'prefix-leak', max: 50, ttl: 1_000, clock });
    expect(cache.invalidatePrefix('tenant:')).toBe(0); // builds the (empty) index; writes now maintain it
    for (let i = 0; i < 500; i++) cache.set(`tenant:${i % 7}:user:${i}`, i);
    // tenant → 7 tenant ids → 7 "user" nodes → the 50 surviving leaves.
    expect(prefixIndexNodes(cache)).toBe(1 + 7 + 7 + 50);
    cache.delete('tenant:0:user:497');
    await clock.advance(1_001);
    cache.purgeStale();
    expect(prefixIndexNodes(cache)).toBe(0);
  });

  it('builds the index on first use from every held key, skipping expired ones that a later write revives', async () => {
    const clock = new ManualClock();
    const cache = createCache<number>({ name: 'prefix-lazy', max: 100, ttl: 1_000, clock });
    cache.set('a:expired', 1);
    await clock.advance(1_001);
    cache.set('a:live', 2).set('b:live', 3);
    expect(prefixIndexNodes(cache)).toBe(0);
    expect(cache.invalidatePrefix('b:')).toBe(1);
    cache.set('a:expired', 4); // revived after the build: indexed by the write
    expect(cache.invalidatePrefix('a:')).toBe(2);
    expect(cache.size).toBe(0);
    expect(cache.stats().expirations).toBe(1);
  });
});
