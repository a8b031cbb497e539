// The cost of our get-or-create helpers (name and label checks, conflict check) against what the
// SDK packages did before — `registry.getSingleMetric(name) ?? new Counter(...)` — and against
// creating a fresh prom-client metric, in one run. Run after a build: node bench/metrics.bench.ts
import { Counter, Registry } from 'prom-client';
import { counter } from '../dist/index.js';

const OPS = 200_000;
const CREATES = 5_000;
const ROUNDS = 9;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
}

function perOpNs(ops: number, run: (registry: Registry, i: number) => unknown): number {
  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const registry = new Registry();
    const started = performance.now();
    for (let i = 0; i < ops; i++) run(registry, i);
    if (round > 0) times.push(((performance.now() - started) * 1e6) / ops);
  }
  return median(times);
}

const options = { name: 'shop_orders_total', help: 'Orders placed.', labelNames: ['region', 'outcome'] as const };
const lookups: Array<[string, (registry: Registry) => unknown]> = [
  [
    'before: `getSingleMetric(name) ?? new Counter(...)`',
    (registry) =>
      registry.getSingleMetric(options.name) ??
      new Counter({ ...options, labelNames: [...options.labelNames], registers: [registry] }),
  ],
  [
    '`counter(registry, options)`',
    (registry) => counter(registry, { ...options, labelNames: [...options.labelNames] }),
  ],
];
const creates: Array<[string, (registry: Registry, i: number) => unknown]> = [
  [
    '`new Counter({ ..., registers: [registry] })`',
    (registry, i) =>
      new Counter({
        ...options,
        name: `shop_orders_${i}_total`,
        labelNames: [...options.labelNames],
        registers: [registry],
      }),
  ],
  [
    '`counter(registry, options)` (first call creates)',
    (registry, i) =>
      counter(registry, { ...options, name: `shop_orders_${i}_total`, labelNames: [...options.labelNames] }),
  ],
];

for (const [, run] of [...lookups, ...creates]) perOpNs(1_000, run);
console.log(`Node ${process.version}, median of ${ROUNDS} rounds\n`);
console.log('| operation | ns/op | ratio |');
console.log('| --- | ---: | ---: |');
for (const [group, ops] of [
  [lookups, OPS],
  [creates, CREATES],
] as const) {
  const results = group.map(([name, run]) => [name, perOpNs(ops, run)] as const);
  const base = results[0]?.[1] ?? 1;
  for (const [name, ns] of results) console.log(`| ${name} | ${ns.toFixed(0)} | ${(ns / base).toFixed(2)}x |`);
}
