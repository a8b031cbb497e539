import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@outrider/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot / restore', () => {
  it('survives a restart: values, tags and remaining TTLs come back', async () => {
    const path = join(dir, 'state', 'users.json');
    const before = createCache<{ name: string }>({ name: 'users', max: 100, ttl: 60_000 });
    before.set('user:1', { name: 'Ada' }, { tags: ['team:a'] });
    before.set('user:2', { name: 'Bob' }, { ttl: Number.POSITIVE_INFINITY, tags: ['team:b', 'admins'] });
    expect(await before.snapshot(path)).toBe(2);

    const clock = new ManualClock(5_000);
    const after = createCache<{ name: string }>({ name: 'users', max: 100, clock });
    expect(await after.restore(path)).toBe(2);
    expect(after.get('user:1')).toEqual({ name: 'Ada' });
    expect(after.get('user:2')).toEqual({ name: 'Bob' });
    expect(after.invalidateTag('team:a')).toBe(1);
    expect(after.stats().tags).toBe(2);
    after.set('user:1', { name: 'Ada' });
    await after.restore(path);
    await clock.advance(61_000);
    expect(after.get('user:1')).toBeUndefined();
    expect(after.get('user:2')).toEqual({ name: 'Bob' });
    expect(after.invalidateTag('admins')).toBe(1);
    expect(after.stats().tags).toBe(0);
  });

  it('leaves no temporary file behind and writes the documented format', async () => {
    const path = join(dir, 'c.json');
    const cache = createCache<number>({ name: 'fmt', max: 10 });
    cache.set('a', 1);
    await cache.snapshot(path);
    await cache.snapshot(path);
    expect(await readdir(dir)).toEqual(['c.json']);
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file).toMatchObject({
      format: 'outrider-cache-snapshot',
      version: 1,
      cache: 'fmt',
      entries: [['a', { value: 1 }]],
    });
  });

  it('skips entries that expired while on disk', async () => {
    const path = join(dir, 'c.json');
    const entries = [
      ['old', { value: 1, ttl: 1_000, start: Date.now() - 5_000 }],
      ['new', { value: 2, ttl: 60_000, start: Date.now() - 5_000 }],
    ];
    await writeFile(
      path,
      JSON.stringify({ format: 'outrider-cache-snapshot', version: 1, cache: 'x', savedAt: '', entries }),
    );
    const cache = createCache<number>({ name: 'x', max: 10 });
    expect(await cache.restore(path)).toBe(1);
    expect(cache.get('new')).toBe(2);
  });

  it('restores nothing from a missing file (first start)', async () => {
    const cache = createCache<number>({ name: 'cold', max: 10 });
    expect(await cache.restore(join(dir, 'absent.json'))).toBe(0);
  });

  it.each([
    ['not JSON', '{"format": "outrider-cache-snapshot", '],
    ['another format', '{"hello": "world"}'],
    ['a future version', '{"format": "outrider-cache-snapshot", "version": 2, "entries": []}'],
    ['malformed entries', '{"format": "outrider-cache-snapshot", "version": 1, "entries": [["k"]]}'],
  ])('rejects %s with OUTRIDER_CACHE_SNAPSHOT_INVALID and keeps the cache as it was', async (_, text) => {
    const path = join(dir, 'bad.json');
    await writeFile(path, text);
    const cache = createCache<number>({ name: 'bad', max: 10 });
    cache.set('kept', 1);
    await expect(cache.restore(path)).rejects.toMatchObject({
      code: 'OUTRIDER_CACHE_SNAPSHOT_INVALID',
      details: { path },
    });
    expect(cache.get('kept')).toBe(1);
  });
});
