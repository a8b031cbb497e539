// What the ops port costs a service: idle RSS and start time of the same service with `ops` off and
// on, each measured in a fresh process, the two sides interleaved (harness: compareEach + freshReport).
// Start time is from the process's start (performance.now()) to `service.start()` resolving, imports
// included; idle RSS is read IDLE_MS later, after a full GC.
//
//   npm run build && cd packages/sdk && ../../node_modules/.bin/node bench/ops-footprint.bench.ts
//   BENCH_ROUNDS=9 (default) BENCH_IDLE_MS=2000 (default)
import { childSide, compareEach, freshReport, report, reportFromChild } from '../../../scripts/bench/harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 2000);

const side = childSide();
if (side !== undefined) {
  const { createService, defineModule } = await import('@outrider/sdk');
  const service = createService({
    name: 'bench',
    telemetry: false,
    signals: false,
    logger: { level: 'warn' },
    ...(side === 'on' ? { ops: { port: 0 } } : {}),
    modules: [
      ({ createCache, scheduler }) => {
        const cache = createCache<number>({ name: 'prices', max: 1000, ttl: 60_000 });
        scheduler.add({ id: 'reprice', every: '5m', run: () => void cache.clear() });
        return defineModule({ name: 'prices', start: () => void cache.set('ACME', 1) });
      },
    ],
  });
  const started = await service.start();
  const startMs = performance.now();
  if (started.failed.length > 0) throw new Error(`modules failed: ${started.failed.join(', ')}`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  (globalThis as { gc?: () => void }).gc?.();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await service.stop();
  reportFromChild({ startMs, rssMb });
}

const file = import.meta.filename;
const rows = await compareEach({
  anchorName: 'ops off',
  ours: freshReport(file, 'on', ['--expose-gc']),
  anchor: freshReport(file, 'off', ['--expose-gc']),
  rounds: ROUNDS,
  warmUp: false,
  rows: [
    { row: 'service with `ops: { port }`: idle RSS', unit: 'MB', key: 'rssMb' },
    { row: 'service with `ops: { port }`: start time (process start → start() resolved)', unit: 'ms', key: 'startMs' },
  ],
});
report(
  `@outrider/sdk: a service with its ops port on, next to the same service with it off (${ROUNDS} rounds, fresh processes)`,
  rows,
);
