import { describe, expect, it } from 'vitest';
import { type CacheOptions, createCache } from '../src/index.js';

const base = { name: 'c', max: 10 };
const invalidCaches: Array<[string, CacheOptions]> = [
  ['name', { ...base, name: '' }],
  ['max', { name: 'c' } as CacheOptions],
  ['max', { ...base, max: 0 }],
  ['max', { ...base, max: 1.5 }],
  ['maxSize', { ...base, maxSize: -1 }],
  ['ttl', { ...base, ttl: -1 }],
  ['ttl', { ...base, ttl: 0 }],
  ['ttl', { ...base, ttl: Number.NaN }],
  ['ttl', { ...base, ttl: '5 minutes' as never }],
  ['ttl', { ...base, ttl: '0s' }],
  ['ttl', { ...base, ttl: 1_000, strategy: 'SHORT' }],
  ['strategy', { ...base, strategy: 'SOMETIMES' as never }],
  ['staleWhileRevalidate', { ...base, staleWhileRevalidate: -1 }],
  ['staleWhileRevalidate', { ...base, staleWhileRevalidate: '-1s' }],
  ['prefixIndex.delimiter', { ...base, prefixIndex: { delimiter: '::' } }],
  ['sizeOf', { ...base, sizeOf: 3 as never }],
];

describe('bad input', () => {
  it.each(invalidCaches)('createCache rejects %s with OUTRIDER_INVALID_ARGUMENT naming it', (option, options) => {
    expect(() => createCache(options)).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option } }),
    );
  });

  it('rejects a negative per-entry TTL, bad tags and an undefined value on set', () => {
    const cache = createCache<number>(base);
    const rejects = (option: string, action: () => unknown) =>
      expect(action).toThrow(expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option } }));
    rejects('ttl', () => cache.set('k', 1, { ttl: -5 }));
    rejects('strategy', () => cache.set('k', 1, { strategy: 'MAYBE' as never }));
    rejects('tags', () => cache.set('k', 1, { tags: [''] }));
    rejects('tags', () => cache.set('k', 1, { tags: 'users' as never }));
    rejects('value', () => cache.set('k', undefined as never));
    rejects('key', () => cache.set(42 as never, 1));
    expect(cache.size).toBe(0);
  });

  it('rejects (not throws) bad getOrSet input', async () => {
    const cache = createCache<number>(base);
    await expect(cache.getOrSet('k', () => 1, { ttl: -1 })).rejects.toMatchObject({ details: { option: 'ttl' } });
    await expect(cache.getOrSet('k', 'nope' as never)).rejects.toMatchObject({ details: { option: 'factory' } });
  });
});
