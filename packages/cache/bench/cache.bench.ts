// @outrider/cache against raw lru-cache and a hand-written Map+expiry cache, in one run: get hit,
// getOrSet hit, insert into a full cache, and tag / prefix invalidation of 10k keys in a
// 1M-entry cache against a full scan. Every case runs in its own child process (fresh JIT, no
// cross-case type feedback) and the parent prints markdown tables with ratios.
import { spawnSync } from 'node:child_process';
import { setTimeout as pause } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { createCache } from '../dist/index.js';

const KEYS = 1 << 14;
const MASK = KEYS - 1;
const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}:profile`);
const OPS = 4_000_000;
const ROUNDS = 7;
const HOUR = 3_600_000;

/** The cache people write by hand: a Map with expiry stamps, evicting the oldest via map.keys().next(). */
class MapExpiryCache<V> {
  readonly #map = new Map<string, { value: V; expires: number }>();
  readonly #max: number;
  readonly #ttl: number;
  constructor(max: number, ttl: number) {
    this.#max = max;
    this.#ttl = ttl;
  }
  get(key: string): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires < Date.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: string, value: V): void {
    if (this.#map.size >= this.#max && !this.#map.has(key)) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    this.#map.set(key, { value, expires: Date.now() + this.#ttl });
  }
}

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

type Kind = 'raw' | 'ours' | 'map';
const ttlOf = (withTtl: boolean) => (withTtl ? { ttl: HOUR } : {});

function filled(kind: Kind, withTtl: boolean, fetch: boolean) {
  const raw = new LRUCache<string, object>({
    max: KEYS,
    ...ttlOf(withTtl),
    ...(fetch ? { fetchMethod: () => ({}) } : {}),
  });
  const ours = createCache<object>({ name: 'bench', max: KEYS, ...ttlOf(withTtl) });
  const map = new MapExpiryCache<object>(KEYS, withTtl ? HOUR : Number.MAX_SAFE_INTEGER);
  const target = { raw, ours, map }[kind];
  for (const key of keys) target.set(key, { key });
  return { raw, ours, map };
}

/** Insert into a full cache of 10k entries (every set evicts). */
function insertRate(kind: Kind): number {
  const max = 10_000;
  const value = {};
  const caches = {
    raw: () => new LRUCache<string, object>({ max, ttl: HOUR }),
    ours: () => createCache<object>({ name: 'insert', max, ttl: HOUR }),
    map: () => new MapExpiryCache<object>(max, HOUR),
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
 * steady state: 5 warm-up rounds are dropped (JIT tiers), and each round starts after a full GC
 * and a pause for V8's concurrent sweeping, which otherwise competes for this 2-core machine.
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
      for (const [key, entry] of scanned.entries())
        if (entry.tags.includes(`group:${group}`) && scanned.delete(key)) removed++;
    } else {
      for (const key of [...scanned.keys()]) if (key.startsWith(`group:${group}:`) && scanned.delete(key)) removed++;
    }
    return removed;
  };
  const times: number[] = [];
  for (let round = 0; round < 15; round++) {
    const group = round + 1;
    gc();
    await pause(100);
    const started = performance.now();
    const removed = invalidate(group);
    times.push(performance.now() - started);
    if (removed !== entries / groups) throw new Error(`${how}: removed ${removed}`);
    fill(group, groups);
  }
  return median(times.slice(5));
}

async function runCase(name: string): Promise<number> {
  const [op, kind, ttl] = name.split('/') as [string, Kind, string];
  const withTtl = ttl === 'ttl';
  switch (op) {
    case 'get': {
      const { raw, ours, map } = filled(kind, withTtl, false);
      const get = {
        raw: (key: string) => raw.get(key),
        ours: (key: string) => ours.get(key),
        map: (key: string) => map.get(key),
      }[kind];
      return opsPerSecond((i) => get(keys[i & MASK] as string));
    }
    case 'getOrSet': {
      const { raw, ours, map } = filled(kind, withTtl, true);
      const factory = () => ({});
      const load = {
        raw: (key: string) => raw.fetch(key),
        ours: (key: string) => ours.getOrSet(key, factory),
        map: async (key: string) => map.get(key) ?? factory(),
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

if (process.argv[2] !== undefined) {
  const result = await runCase(process.argv[2]);
  process.stdout.write(JSON.stringify({ result, sink }));
} else {
  const measure = (name: string): number => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', import.meta.filename, name],
      {
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    return (JSON.parse(child.stdout) as { result: number }).result;
  };
  const fmt = (rate: number) => `${(rate / 1e6).toFixed(2)} M/s`;
  const rows: string[] = [];
  for (const ttl of ['none', 'ttl']) {
    for (const op of ['get', 'getOrSet']) {
      // Three processes per variant, interleaved, median: code layout and JIT luck differ per process.
      const runs = { raw: [] as number[], ours: [] as number[], map: [] as number[] };
      for (let repeat = 0; repeat < 3; repeat++) {
        for (const kind of ['raw', 'ours', 'map'] as const) runs[kind].push(measure(`${op}/${kind}/${ttl}`));
      }
      const [raw, ours, map] = [median(runs.raw), median(runs.ours), median(runs.map)];
      const what = op === 'get' ? 'get hit' : 'getOrSet hit, awaited (raw: lru-cache fetch)';
      rows.push(
        `| ${what}, ${ttl === 'ttl' ? '1 h TTL' : 'no TTL'} | ${fmt(raw)} | ${fmt(ours)} | **${(ours / raw).toFixed(2)}×** | ${fmt(map)} | ≥ 0.7× |`,
      );
    }
  }
  const [rawSet, ourSet, mapSet] = (['raw', 'ours', 'map'] as const).map((kind) => measure(`set/${kind}`)) as [
    number,
    number,
    number,
  ];
  rows.push(
    `| set into a full 10k cache (each set evicts), 1 h TTL | ${fmt(rawSet)} | ${fmt(ourSet)} | ${(ourSet / rawSet).toFixed(2)}× | ${fmt(mapSet)} (lru-cache ${(rawSet / mapSet).toFixed(0)}× faster) | — |`,
  );
  console.log(`\n### @outrider/cache vs lru-cache vs a hand-written Map+expiry cache (${KEYS} hot keys)\n`);
  console.log('| operation | raw lru-cache | @outrider/cache | ours / raw | Map+expiry | target |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);

  console.log(
    '\n### Invalidate 10,000 keys in a 1,000,000-entry cache (per process: median of 10 rounds after 5 warm-up rounds; median of 3 processes)\n',
  );
  console.log(
    '| operation | full scan of lru-cache | @outrider/cache index | speed-up | worst–best process pair | target |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const how of ['tag', 'prefix'] as const) {
    // Three processes each, median: this case swings between processes (memory layout of 1M entries).
    const scans: number[] = [];
    const indexes: number[] = [];
    for (let repeat = 0; repeat < 3; repeat++) {
      scans.push(measure(`invalidate/${how}/scan`));
      indexes.push(measure(`invalidate/${how}/index`));
    }
    const [scan, index] = [median(scans), median(indexes)];
    const spread = `${(Math.min(...scans) / Math.max(...indexes)).toFixed(0)}–${(Math.max(...scans) / Math.min(...indexes)).toFixed(0)}×`;
    const label = how === 'tag' ? 'invalidateTag' : 'invalidatePrefix';
    console.log(
      `| ${label} | ${scan.toFixed(1)} ms | ${index.toFixed(2)} ms | **${(scan / index).toFixed(0)}×** | ${spread} | ${how === 'tag' ? '≥ 50×' : '—'} |`,
    );
  }
}
