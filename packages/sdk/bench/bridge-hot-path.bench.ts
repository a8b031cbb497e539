// What a cache hit costs with the prom-client → OTLP bridge on and off: two caches, each on its own
// registry, one registry bridged by a running startTelemetry pipeline that exports every 100 ms to a
// local OTLP sink (between the timed loops: a synchronous loop is never interrupted, which is the
// point — the bridge only reads the registry at export time). Rounds alternate which cache is timed
// first; the ratio on/off is taken per round. Times are CPU time of this process (user + system),
// so other processes on a shared machine do not inflate them.
// Run from packages/sdk after a build: node bench/bridge-hot-path.bench.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCache, createRegistry, startTelemetry } from '@outrider/sdk';

const OPS = 1_000_000;
const ROUNDS = Number(process.env.ROUNDS ?? 15);

let exports = 0;
const sink = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    exports++;
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));

const bridged = createRegistry({ defaultMetrics: false });
const plain = createRegistry({ defaultMetrics: false });
const on = createCache<number>({ name: 'bridged', registry: bridged, max: 1_000 });
const off = createCache<number>({ name: 'plain', registry: plain, max: 1_000 });
for (let i = 0; i < 100; i++) {
  on.set(`k${i}`, i);
  off.set(`k${i}`, i);
}
const telemetry = await startTelemetry({
  serviceName: 'bench',
  endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
  registries: [bridged],
  metricExportInterval: 100,
  traces: false,
  logs: false,
});

/** ns per hit; each call reads one of 100 cached keys. */
async function hitNs(cache: typeof on): Promise<number> {
  const started = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < OPS; i++) sum += cache.get(`k${i % 100}`) ?? 0;
  const used = process.cpuUsage(started);
  const ns = ((used.user + used.system) * 1e3) / OPS;
  if (sum < 0) throw new Error('unreachable');
  // Lets the periodic export run between rounds as well as within them.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return ns;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

await hitNs(on);
await hitNs(off);
const onNs: number[] = [];
const offNs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    onNs.push(await hitNs(on));
    offNs.push(await hitNs(off));
  } else {
    offNs.push(await hitNs(off));
    onNs.push(await hitNs(on));
  }
}
await telemetry.shutdown();
sink.close();

const ratios = onNs.map((ns, i) => ns / (offNs[i] as number));
console.log(`Node ${process.version}, ${ROUNDS} rounds of ${OPS} hits, ${exports} OTLP exports during the run\n`);
console.log('| cache hit | ns/op (median) | ratio to bridge off (min–max) |');
console.log('| --- | ---: | ---: |');
console.log(`| registry not bridged | ${median(offNs).toFixed(1)} | 1.00x |`);
console.log(
  `| registry bridged, exporting every 100 ms | ${median(onNs).toFixed(1)} | ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
);
