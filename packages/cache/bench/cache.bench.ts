// @outrider/cache against raw lru-cache: get hit, getOrSet hit, insert into a full cache, and tag /
// prefix invalidation of 10k keys in a 1M-entry cache against a fair full scan of lru-cache. Every
// measurement is a fresh process (fresh JIT, no cross-case type feedback); the two sides alternate
// (A B, B A, …) for at least 5 rounds. Run after a build: npm run bench -w @outrider/cache
import { setTimeout as pause } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { childSide, compare, fresh, report, reportFromChild } from '../../../scripts/bench/harness.ts';
import { createCache } from '../dist/index.js';

const KEYS = 1 << 14;
const MASK = KEYS - 1;
const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}:profile`);
const OPS = 4_000_000;
const ROUNDS = 3;
const HOUR = 3_600_000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

let sink = 0;
/** Median ops/s of `ops` calls of `body(i)`, after a warm-up round. */
function opsPerSecond(body: (i: number) => unknown, ops = OPS): number {
  const rates: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    gc();
    const started = performance.now();
    for (let i = 0; i < ops; i++) if (body(i) === undefined) sink++;
    if (round > 0) rates.push(ops / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

async function awaitedOpsPerSecond(body: (i: number) => Promise<unknown>, ops = OPS / 4): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    gc();
    const started = performance.now();
    for (let i = 0; i < ops; i++) if ((await body(i)) === undefined) sink++;
    if (round > 0) rates.push(ops / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

type Kind = 'raw' | 'ours';
const ttlOf = (withTtl: boolean) => (withTtl ? { ttl: HOUR } : {});

function filled(kind: Kind, withTtl: boolean, fetch: boolean) {
  const raw = new LRUCache<string, object>({
    max: KEYS,
    ...ttlOf(withTtl),
    ...(fetch ? { fetchMethod: () => ({}) } : {}),
  });
  const ours = createCache<object>({ name: 'bench', max: KEYS, ...ttlOf(withTtl) });
  const target = { raw, ours }[kind];
  for (const key of keys) target.set(key, { key });
  return { raw, ours };
}

/** Insert into a full cache of 10k entries (every set evicts). */
function insertRate(kind: Kind): number {
  const max = 10_000;
  const value = {};
  const caches = {
    raw: () => new LRUCache<string, object>({ max, ttl: HOUR }),
    ours: () => createCache<object>({ name: 'insert', max, ttl: HOUR }),
  };
  const cache = caches[kind]();
  for (let i = 0; i < max; i++) cache.set(`seed:${i}`, value);
  const fresh = Array.from({ length: 1_000_000 }, (_, i) => `item:${i}`);
  let next = 0;
  return opsPerSecond(() => {
    cache.set(fresh[next++ % fresh.length] as string, value);
    return value;
  }, 1_000_000);
}

/**
 * Median ms to invalidate one group of 10k keys out of 1M entries, by index or by full scan, in
 * steady state: 3 warm-up rounds are dropped (JIT tiers), and each round starts after a full GC
 * and a pause for V8's concurrent sweeping, which otherwise competes for this 2-core machine. The
 * scan is the fair one: the tag it looks for is built once, not once per entry.
 */
async function invalidationMs(how: 'tag' | 'prefix', indexed: boolean): Promise<number> {
  const entries = 1_000_000;
  const groups = 100;
  const keyOf = (i: number) => `group:${i % groups}:item:${i}`;
  const tagOf = (i: number) => `group:${i % groups}`;
  const ours = createCache<number>({ name: 'big', max: entries });
  const scanned = new LRUCache<string, { value: number; tags: string[] }>({ max: entries });
  const fill = (from: number, step: number) => {
    for (let i = from; i < entries; i += step) {
      if (indexed) ours.set(keyOf(i), i, { tags: [tagOf(i)] });
      else scanned.set(keyOf(i), { value: i, tags: [tagOf(i)] });
    }
  };
  fill(0, 1);
  if (indexed && how === 'prefix') ours.invalidatePrefix('build:'); // the one-time index build, not timed
  const invalidate = (group: number): number => {
    if (indexed) return how === 'tag' ? ours.invalidateTag(`group:${group}`) : ours.invalidatePrefix(`group:${group}:`);
    let removed = 0;
    if (how === 'tag') {
      const tag = `group:${group}`;
      for (const [key, entry] of scanned.entries()) if (entry.tags.includes(tag) && scanned.delete(key)) removed++;
    } else {
      const prefix = `group:${group}:`;
      for (const key of [...scanned.keys()]) if (key.startsWith(prefix) && scanned.delete(key)) removed++;
    }
    return removed;
  };
  const times: number[] = [];
  for (let round = 0; round < 8; round++) {
    const group = round + 1;
    gc();
    await pause(100);
    const started = performance.now();
    const removed = invalidate(group);
    times.push(performance.now() - started);
    if (removed !== entries / groups) throw new Error(`${how}: removed ${removed}`);
    fill(group, groups);
  }
  return median(times.slice(3));
}

async function runCase(name: string): Promise<number> {
  const [op, kind, ttl] = name.split('/') as [string, Kind, string];
  const withTtl = ttl === 'ttl';
  switch (op) {
    case 'get': {
      const { raw, ours } = filled(kind, withTtl, false);
      const get = { raw: (key: string) => raw.get(key), ours: (key: string) => ours.get(key) }[kind];
      return opsPerSecond((i) => get(keys[i & MASK] as string));
    }
    case 'getOrSet': {
      const { raw, ours } = filled(kind, withTtl, true);
      const factory = () => ({});
      const load = {
        raw: (key: string) => raw.fetch(key),
        ours: (key: string) => ours.getOrSet(key, factory),
      }[kind];
      return awaitedOpsPerSecond((i) => load(keys[i & MASK] as string));
    }
    case 'set':
      return insertRate(kind);
    case 'invalidate':
      return invalidationMs(kind as unknown as 'tag' | 'prefix', ttl === 'index');
    default:
      throw new Error(`unknown case ${name}`);
  }
}

const side = childSide();
if (side !== undefined) {
  const result = await runCase(side);
  if (sink < 0) console.log(sink);
  reportFromChild(result);
}

const file = import.meta.filename;
const flags = { execArgv: ['--expose-gc', '--max-old-space-size=8192'] };
const pair = (ours: string, anchor: string) => ({
  ours: fresh(file, ours, flags),
  anchor: fresh(file, anchor, flags),
  rounds: 5,
  warmUp: false,
});
const rows = [];
for (const ttl of ['none', 'ttl']) {
  const label = ttl === 'ttl' ? '1 h TTL' : 'no TTL';
  rows.push(
    await compare({
      row: `get hit, ${label} (16,384 hot keys)`,
      unit: 'ops/s',
      anchorName: 'lru-cache `get`',
      goal: { on: 'ratio', op: '>=', value: 0.7 },
      ...pair(`get/ours/${ttl}`, `get/raw/${ttl}`),
    }),
    await compare({
      row: `getOrSet hit, awaited, ${label}`,
      unit: 'ops/s',
      anchorName: 'lru-cache `fetch` hit',
      goal: { on: 'ratio', op: '>=', value: 0.7 },
      ...pair(`getOrSet/ours/${ttl}`, `getOrSet/raw/${ttl}`),
    }),
  );
}
rows.push(
  await compare({
    row: 'set into a full 10k cache (each set evicts), 1 h TTL',
    unit: 'ops/s',
    anchorName: 'lru-cache `set`',
    ...pair('set/ours', 'set/raw'),
  }),
  // The speed-up goal (≥ 50×) is a time ratio ours / scan ≤ 1/50.
  await compare({
    row: '`invalidateTag`: 10k of 1M entries',
    unit: 'ms',
    anchorName: 'fair full scan of lru-cache',
    goal: { on: 'ratio', op: '<=', value: 0.02 },
    ...pair('invalidate/tag/index', 'invalidate/tag/scan'),
  }),
  await compare({
    row: '`invalidatePrefix`: 10k of 1M entries',
    unit: 'ms',
    anchorName: 'full key scan of lru-cache',
    ...pair('invalidate/prefix/index', 'invalidate/prefix/scan'),
  }),
);
report('@outrider/cache against lru-cache', rows);
