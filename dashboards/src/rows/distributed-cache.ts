import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { rate, sel } from '../lib/query.js';

const L2 = 'outrider_cache_l2_requests_total';

const l2Reads = () =>
  panel({
    title: 'L2 reads by result',
    description:
      'Reads of Redis after a miss in memory: hit, miss, or error (Redis down or too slow; served from memory).',
    kind: 'timeseries',
    unit: 'ops',
    queries: [{ expr: `sum by (cache, result) (${rate(L2)})`, legend: '{{cache}} {{result}}' }],
  });

const l2HitRatio = () =>
  panel({
    title: 'L2 hit ratio',
    description: 'Share of reads of Redis that found the entry another replica (or this one) stored.',
    kind: 'timeseries',
    unit: 'percentunit',
    min: 0,
    max: 1,
    queries: [
      {
        expr: `sum by (cache) (${rate(L2, 'result="hit"')}) / sum by (cache) (${rate(L2)})`,
        legend: '{{cache}}',
      },
    ],
  });

const busMessages = () =>
  panel({
    title: 'Invalidation bus messages',
    description: 'Changes published by the replicas, and received from the others (Redis pub/sub).',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: `sum by (cache, direction) (${rate('outrider_cache_bus_messages_total')})`,
        legend: '{{cache}} {{direction}}',
      },
    ],
  });

const busLag = () =>
  panel({
    title: 'Invalidation bus lag',
    description:
      'Send-to-apply time of the last message from another replica: how long a replica served the old value.',
    kind: 'timeseries',
    unit: 's',
    queries: [
      { expr: `max by (instance, cache) (outrider_cache_bus_lag_seconds${sel()})`, legend: '{{instance}} {{cache}}' },
    ],
  });

const fills = () =>
  panel({
    title: 'Fills by source',
    description:
      "Where getOrSet misses got their value: this replica's factory, another replica's (one fill for all), or the factory after the fill lock timed out.",
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      { expr: `sum by (cache, source) (${rate('outrider_cache_fills_total')})`, legend: '{{cache}} {{source}}' },
    ],
  });

/** DistributedCache: the Redis level, the invalidation bus and the fills shared across replicas. */
export function distributedCacheRow(): Row {
  return { title: 'Distributed cache', panels: [l2Reads(), l2HitRatio(), busMessages(), busLag(), fills()] };
}
