import { describe, expect, it } from 'vitest';
import { cached, createCache, memoize } from '../src/index.js';

const shared = createCache<unknown>({ name: 'users', max: 100 });

class UserService {
  loads: string[] = [];

  constructor(private readonly region: string) {}

  @cached({ cache: shared, strategy: 'MEDIUM', key: (id) => `user:${id}`, tags: (id) => [`user:${id}`, 'users'] })
  async profile(id: string): Promise<{ id: string; region: string }> {
    this.loads.push(id);
    return { id, region: this.region };
  }

  @cached()
  async square(n: number): Promise<number> {
    this.loads.push(`square ${n}`);
    return n * n;
  }

  @cached({
    key(this: UserService, id: unknown) {
      return `${this.region}:${String(id)}`;
    },
  })
  async regional(id: string): Promise<string> {
    return `${this.region}/${id}`;
  }
}

describe('@cached method decorator', () => {
  it('caches results by key, calls the method with its this, and invalidates by tag', async () => {
    const service = new UserService('eu');
    expect(await service.profile('1')).toEqual({ id: '1', region: 'eu' });
    expect(await service.profile('1')).toEqual({ id: '1', region: 'eu' });
    expect(service.loads).toEqual(['1']);
    expect(shared.get('user:1')).toEqual({ id: '1', region: 'eu' });
    expect(shared.invalidateTag('user:1')).toBe(1);
    await service.profile('1');
    expect(service.loads).toEqual(['1', '1']);
  });

  it('keys by method name and arguments by default, in a private cache per method', async () => {
    const service = new UserService('us');
    await Promise.all([service.square(3), service.square(3), service.square(4)]);
    expect(service.loads).toEqual(['square 3', 'square 4']);
    expect(shared.has('square:[3]')).toBe(false);
  });

  it('calls key with the instance as this', async () => {
    expect(await new UserService('eu').regional('7')).toBe('eu/7');
    expect(await new UserService('us').regional('7')).toBe('us/7');
  });

  it('checks its options when the class is defined', () => {
    expect(() => {
      class Broken {
        @cached({ ttl: -5 })
        async run(): Promise<number> {
          return 1;
        }
      }
      return Broken;
    }).toThrow(expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'ttl' } }));
  });
});

describe('memoize', () => {
  it('shares one call per key, caches the result, and exposes its cache', async () => {
    let calls = 0;
    const slowAdd = async (a: number, b: number) => {
      calls++;
      return a + b;
    };
    const add = memoize(slowAdd, { ttl: 60_000, tags: (a) => [`a:${String(a)}`] });
    expect(await Promise.all([add(1, 2), add(1, 2), add(2, 2)])).toEqual([3, 3, 4]);
    expect(calls).toBe(2);
    expect(add.cache.invalidateTag('a:1')).toBe(1);
    await add(1, 2);
    expect(calls).toBe(3);
    expect(add.cache.name).toBe('slowAdd');
  });

  it('memoizes a sync function too (the result is a Promise)', async () => {
    const parse = memoize((text: string) => JSON.parse(text) as unknown, { key: (text) => String(text) });
    await expect(parse('{"a":1}')).resolves.toEqual({ a: 1 });
    expect(parse.cache.has('{"a":1}')).toBe(true);
  });

  it('rejects bad options when wrapping', () => {
    expect(() => memoize(() => 1, { strategy: 'FOREVER' as never })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'strategy' } }),
    );
  });
});
