// One export of a prom-client registry through the bridge, next to prom-client's own
// `registry.metrics()` on the same registry, at 1k and 10k series, in one process: each round runs
// each side alternately on the same registry (scripts/bench/harness.ts), the ratio taken per round.
//   anchor        prom-client `await registry.metrics()`: every metric read and written as scrape text
//   bridge        `await bridge.collect()`: every metric read into OpenTelemetry metric data
//   bridge+OTLP   the same, then encoded as the OTLP protobuf request the exporter sends
// Series are label sets: 50% counters, 30% gauges, 20% histograms (8 buckets). Times are CPU time
// of this process (user + system), so other processes on a shared machine do not inflate them.
// Run after a build: npm run bench -w @outrider/telemetry
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { compare, type RowResult, report } from '../../../scripts/bench/harness.ts';
import { PrometheusBridge } from '../dist/index.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const resource = resourceFromAttributes({ 'service.name': 'bench', 'service.instance.id': 'bench-1' });

/** `series` label sets over 20 metrics (10 counters, 6 gauges, 4 histograms), 2 labels each. */
function registryWith(series: number): Registry {
  const registry = new Registry();
  const perMetric = series / 20;
  const labelNames = ['route', 'status'];
  const fill = (record: (labels: Record<string, string>, i: number) => void) => {
    for (let i = 0; i < perMetric; i++)
      record({ route: `/api/items/${i % 97}/${i}`, status: String(200 + (i % 5)) }, i);
  };
  for (let m = 0; m < 10; m++) {
    const counter = new Counter({
      name: `bench_requests_${m}_total`,
      help: 'Requests.',
      labelNames,
      registers: [registry],
    });
    fill((labels, i) => counter.inc(labels, i + 1));
  }
  for (let m = 0; m < 6; m++) {
    const gauge = new Gauge({ name: `bench_in_flight_${m}`, help: 'In flight.', labelNames, registers: [registry] });
    fill((labels, i) => gauge.set(labels, i));
  }
  for (let m = 0; m < 4; m++) {
    const histogram = new Histogram({
      name: `bench_duration_${m}_seconds`,
      help: 'Duration.',
      labelNames,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
      registers: [registry],
    });
    fill((labels, i) => histogram.observe(labels, (i % 100) / 50));
  }
  return registry;
}

/** CPU ms of `run` (the work is all on this thread: prom-client's and the bridge's reads are synchronous). */
const cpuMs = (run: () => Promise<unknown>) => async (): Promise<number> => {
  const started = process.cpuUsage();
  await run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

const rows: RowResult[] = [];
for (const series of [1_000, 10_000]) {
  const registry = registryWith(series);
  const bridge = new PrometheusBridge({ registries: [registry] });
  const scrape = cpuMs(() => registry.metrics());
  const goal = { on: 'ratio', op: '<=', value: 1.5 } as const;
  rows.push(
    await compare({
      row: `bridge \`collect()\`, ${series / 1000}k series`,
      unit: 'ms',
      anchorName: 'prom-client `registry.metrics()`',
      goal,
      rounds: ROUNDS,
      ours: cpuMs(() => bridge.collect()),
      anchor: scrape,
    }),
    await compare({
      row: `bridge \`collect()\` + OTLP protobuf, ${series / 1000}k series`,
      unit: 'ms',
      anchorName: 'prom-client `registry.metrics()`',
      goal,
      rounds: ROUNDS,
      ours: cpuMs(async () => {
        const { resourceMetrics } = await bridge.collect();
        return ProtobufMetricsSerializer.serializeRequest({ ...resourceMetrics, resource });
      }),
      anchor: scrape,
    }),
  );
}
report('@outrider/telemetry: one bridge export against prom-client rendering the same registry (CPU ms)', rows);
