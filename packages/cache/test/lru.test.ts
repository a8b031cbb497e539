import { describe, expect, it } from 'vitest';
import { prefixIndexNodes } from '../src/cache.js';
import { createCache } from '../src/index.js';

describe('LRU bound', () => {
  it('evicts the least recently used entry when full, and counts it', () => {
    const cache = createCache<number>({ name: 'lru', max: 3 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    cache.get('a'); // a is now the most recent
    cache.set('d', 4);
    expect(cache.has('b')).toBe(false);
    expect(['a', 'c', 'd'].map((key) => cache.get(key))).toEqual([1, 3, 4]);
    expect(cache.stats()).toMatchObject({ evictions: 1, size: 3 });
  });

  it('bounds the summed size with maxSize and sizeOf', () => {
    const cache = createCache<string>({
      name: 'sized',
      max: 100,
      maxSize: 10,
      sizeOf: (value) => String(value).length,
    });
    cache.set('a', 'xxxx').set('b', 'yyyy').set('c', 'zzzz');
    expect(cache.has('a')).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('drops an entry larger than maxSize, and forgets its key in the prefix index', () => {
    const cache = createCache<string>({
      name: 'too-big',
      max: 100,
      maxSize: 5,
      sizeOf: (value) => String(value).length,
    });
    cache.invalidatePrefix('build:the:index');
    cache.set('user:1', 'ok');
    expect(prefixIndexNodes(cache)).toBe(2);
    cache.set('user:1', 'much too long');
    expect(cache.has('user:1')).toBe(false);
    expect(prefixIndexNodes(cache)).toBe(0);
  });
});
