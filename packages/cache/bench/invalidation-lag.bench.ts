// How long an invalidateTag in one replica takes to be applied in the two others: three replica
// processes on one Redis, 1,000 invalidations a round, one after another, timed inside the replicas
// (performance.timeOrigin + now(), one clock for the host). The anchor is Redis pub/sub alone on the
// same processes: a plain PUBLISH received by a plain subscriber. Rounds alternate the two sides.
import { startRedisServer } from '@outrider/testing';
import { compareEach, report } from '../../../scripts/bench/harness.ts';
import { invalidationLags, percentile, replica } from '../test/fixtures/cache-replicas.ts';

const COUNT = 1_000;
const server = await startRedisServer();
const replicas = [1, 2, 3].map(() => replica(server.port, 'quotes'));
await Promise.all(replicas.map((r) => r.ready));
const [writer, ...readers] = replicas as [(typeof replicas)[0], ...typeof replicas];

const summary = (lags: number[]) => ({ p50: percentile(lags, 0.5), p99: percentile(lags, 0.99) });

const rows = await compareEach({
  anchorName: 'Redis PUBLISH → SUBSCRIBE alone',
  ours: async () => summary(await invalidationLags(writer, readers, COUNT, 'invalidateTag')),
  anchor: async () => summary(await invalidationLags(writer, readers, COUNT, 'raw')),
  rows: [
    {
      row: 'invalidateTag seen by all replicas, p99',
      unit: 'ms',
      key: 'p99',
      goal: { on: 'ours', op: '<=', value: 100 },
    },
    { row: 'invalidateTag seen by all replicas, p50', unit: 'ms', key: 'p50' },
  ],
});

report(`@outrider/cache: invalidation lag, 3 replica processes, ${COUNT} invalidations a round`, rows);
for (const { child } of replicas) child.kill('SIGKILL');
await server.stop();
