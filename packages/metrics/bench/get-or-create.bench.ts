// The cost of our get-or-create helpers (name and label checks, conflict check) against what the
// SDK packages did before, `registry.getSingleMetric(name) ?? new Counter(...)`, and of a first
// call (creation) against a bare `new Counter`, in one process, rounds alternating the two sides.
// Run after a build: npm run bench -w @outrider/metrics
import { Counter, Registry } from 'prom-client';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { counter } from '../dist/index.js';

const OPS = 200_000;
const CREATES = 5_000;

function perOpNs(ops: number, run: (registry: Registry, i: number) => unknown): () => number {
  return () => {
    const registry = new Registry();
    const started = performance.now();
    for (let i = 0; i < ops; i++) run(registry, i);
    return ((performance.now() - started) * 1e6) / ops;
  };
}

const options = { name: 'shop_orders_total', help: 'Orders placed.', labelNames: ['region', 'outcome'] as const };

const rows = [
  await compare({
    row: 'look up an existing counter',
    unit: 'ns/op',
    anchorName: '`getSingleMetric ?? new Counter`',
    rounds: 9,
    ours: perOpNs(OPS, (registry) => counter(registry, { ...options, labelNames: [...options.labelNames] })),
    anchor: perOpNs(
      OPS,
      (registry) =>
        registry.getSingleMetric(options.name) ??
        new Counter({ ...options, labelNames: [...options.labelNames], registers: [registry] }),
    ),
  }),
  await compare({
    row: 'create a counter (first call)',
    unit: 'ns/op',
    anchorName: '`new Counter({ registers })`',
    rounds: 9,
    ours: perOpNs(CREATES, (registry, i) =>
      counter(registry, { ...options, name: `shop_orders_${i}_total`, labelNames: [...options.labelNames] }),
    ),
    anchor: perOpNs(
      CREATES,
      (registry, i) =>
        new Counter({
          ...options,
          name: `shop_orders_${i}_total`,
          labelNames: [...options.labelNames],
          registers: [registry],
        }),
    ),
  }),
];
report('@outrider/metrics: get-or-create metric helpers', rows);
