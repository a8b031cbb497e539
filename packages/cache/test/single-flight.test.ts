import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('getOrSet single-flight', () => {
  it('calls the factory once for concurrent misses on one key, and every caller gets the value', async () => {
    const cache = createCache<string>({ name: 'sf', max: 10 });
    const gate = deferred<string>();
    let calls = 0;
    const factory = () => {
      calls++;
      return gate.promise;
    };
    const waiters = Array.from({ length: 50 }, () => cache.getOrSet('user:1', factory));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    gate.resolve('Ada');
    expect(await Promise.all(waiters)).toEqual(Array(50).fill('Ada'));
    expect(await cache.getOrSet('user:1', factory)).toBe('Ada');
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 50, sets: 1 });
  });

  it('runs factories for different keys independently', async () => {
    const cache = createCache<string>({ name: 'sf-keys', max: 10 });
    const seen: string[] = [];
    const values = await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        cache.getOrSet(key, async () => {
          seen.push(key);
          return key.toUpperCase();
        }),
      ),
    );
    expect(values).toEqual(['A', 'B', 'C']);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });

  it('caches nothing when the factory fails, gives every waiter the error, and tries again next time', async () => {
    const cache = createCache<string>({ name: 'sf-fail', max: 10 });
    const gate = deferred<string>();
    let calls = 0;
    const failing = () => {
      calls++;
      return gate.promise;
    };
    const waiters = Array.from({ length: 5 }, () => cache.getOrSet('k', failing));
    const boom = new Error('db down');
    gate.reject(boom);
    const results = await Promise.allSettled(waiters);
    expect(results.every((result) => result.status === 'rejected' && result.reason === boom)).toBe(true);
    expect(calls).toBe(1);
    expect(cache.has('k')).toBe(false);
    expect(await cache.getOrSet('k', () => 'recovered')).toBe('recovered');
    expect(cache.stats().factoryErrors).toBe(1);
  });

  it('rejects a factory result of undefined (store null for "nothing")', async () => {
    const cache = createCache<string | null>({ name: 'sf-undefined', max: 10 });
    await expect(cache.getOrSet('k', () => undefined as never)).rejects.toMatchObject({
      code: 'OUTRIDER_INVALID_ARGUMENT',
      details: { option: 'factory' },
    });
    expect(await cache.getOrSet('n', () => null)).toBeNull();
    expect(cache.has('n')).toBe(true);
  });

  it('answers waiters but stores nothing when the key is deleted while loading', async () => {
    const cache = createCache<string>({ name: 'sf-delete', max: 10 });
    const gate = deferred<string>();
    const waiter = cache.getOrSet('k', () => gate.promise, { tags: ['t'] });
    cache.delete('k');
    gate.resolve('old data');
    expect(await waiter).toBe('old data');
    expect(cache.has('k')).toBe(false);
    expect(cache.stats().tags).toBe(0);
  });
});
