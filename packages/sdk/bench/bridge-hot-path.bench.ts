// What a cache hit costs with the prom-client → OTLP bridge on and off: two caches, each on its own
// registry, one registry bridged by a running startTelemetry pipeline that exports every 100 ms to a
// local OTLP sink (between the timed loops: a synchronous loop is never interrupted, which is the
// point — the bridge only reads the registry at export time). Rounds alternate which cache is timed
// first; the ratio on/off is taken per round. Times are CPU time of this process (user + system),
// so other processes on a shared machine do not inflate them.
// Run after a build: npm run bench -w @outrider/sdk
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCache, createRegistry, startTelemetry } from '@outrider/sdk';
import { compare, report } from '../../../scripts/bench/harness.ts';

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

const row = await compare({
  row: 'cache hit, registry bridged and exporting every 100 ms',
  unit: 'ns/op',
  anchorName: 'cache hit, registry not bridged',
  goal: { on: 'ratio', op: '<=', value: 1.1 },
  rounds: ROUNDS,
  ours: () => hitNs(on),
  anchor: () => hitNs(off),
});
await telemetry.shutdown();
sink.close();
if (exports === 0) throw new Error('the pipeline exported nothing during the run: the comparison is void');
report(`@outrider/sdk: the bridge on a cache's hot path (${OPS} hits a round, ${exports} OTLP exports)`, [row]);
