// One export of a prom-client registry through the bridge, next to prom-client's own
// `registry.metrics()` on the same registry, at 1k and 10k series, in one process: each round runs
// the three side by side (in rotating order) on the same registry, the ratio is taken per round.
//   prom-client   `await registry.metrics()`: read every metric and write the text a scrape gets
//   bridge        `await bridge.collect()`: read every metric into OpenTelemetry metric data
//   bridge+OTLP   the same, then encoded as the OTLP protobuf request the exporter sends
// Series are label sets: 50% counters, 30% gauges, 20% histograms (8 buckets). Times are CPU time
// of this process (user + system), so other processes on a shared machine do not inflate them.
// Run after a build:
// node bench/bridge.bench.ts
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** CPU ms of `run` (the work is all on this thread: prom-client's and the bridge's reads are synchronous). */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.cpuUsage();
  await run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

console.log(
  `Node ${process.version}, ${ROUNDS} rounds after 3 warm-up rounds; CPU ms per export, ratio to prom-client per round\n`,
);
console.log(
  '| series | prom-client `metrics()` ms | bridge `collect()` ms | ratio (min–max) | bridge + OTLP protobuf ms | ratio (min–max) |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const series of [1_000, 10_000]) {
  const registry = registryWith(series);
  const bridge = new PrometheusBridge({ registries: [registry] });
  const variants: Array<() => Promise<unknown>> = [
    () => registry.metrics(),
    () => bridge.collect(),
    async () => {
      const { resourceMetrics } = await bridge.collect();
      return ProtobufMetricsSerializer.serializeRequest({ ...resourceMetrics, resource });
    },
  ];
  const times: number[][] = [[], [], []];
  for (let round = 0; round < ROUNDS + 3; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (round + k) % variants.length;
      const ms = await timed(variants[v] as () => Promise<unknown>);
      if (round >= 3) times[v]?.push(ms);
    }
  }
  const [prom, bridged, encoded] = times as [number[], number[], number[]];
  const ratios = (of: number[]) => of.map((ms, i) => ms / (prom[i] as number));
  const spread = (of: number[]) => {
    const r = ratios(of);
    return `${median(r).toFixed(2)}x (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
  };
  console.log(
    `| ${series} | ${median(prom).toFixed(2)} | ${median(bridged).toFixed(2)} | ${spread(bridged)} | ${median(encoded).toFixed(2)} | ${spread(encoded)} |`,
  );
}
