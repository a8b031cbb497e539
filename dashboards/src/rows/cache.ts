import type { Thresholds } from '../config.js';
import type { Row } from '../lib/dashboard.js';
import { greenFrom, panel } from '../lib/panels.js';
import { rate, sel } from '../lib/query.js';

const REQUESTS = 'outrider_cache_requests_total';
const BY = 'instance, cache';

const hitRatio = (thresholds: Thresholds) =>
  panel({
    title: 'Cache hit ratio',
    description: 'Hits (fresh or stale) over all reads.',
    kind: 'timeseries',
    unit: 'percentunit',
    min: 0,
    max: 1,
    thresholds: greenFrom(thresholds.cacheHitRatioLow, thresholds.cacheHitRatioGood),
    queries: [
      {
        expr: `sum by (${BY}) (${rate(REQUESTS, 'result=~"hit|stale"')}) / sum by (${BY}) (${rate(REQUESTS)})`,
        legend: '{{instance}} {{cache}}',
      },
    ],
  });

const reads = () =>
  panel({
    title: 'Cache reads',
    kind: 'timeseries',
    unit: 'ops',
    queries: [{ expr: `sum by (cache, result) (${rate(REQUESTS)})`, legend: '{{cache}} {{result}}' }],
  });

const entries = () =>
  panel({
    title: 'Cache entries',
    kind: 'timeseries',
    queries: [{ expr: `sum by (${BY}) (outrider_cache_entries${sel()})`, legend: '{{instance}} {{cache}}' }],
  });

const removals = () =>
  panel({
    title: 'Cache removals',
    description: 'Entries dropped because the cache was full, their TTL passed, or a tag/prefix was invalidated.',
    kind: 'timeseries',
    unit: 'ops',
    queries: ['evictions', 'expirations', 'invalidations'].map((what) => ({
      expr: `sum by (cache) (${rate(`outrider_cache_${what}_total`)})`,
      legend: `{{cache}} ${what}`,
    })),
  });

/** @outrider/cache: hit ratio against its target (config.ts), size and removals. */
export function cacheRow(thresholds: Thresholds): Row {
  return { title: 'Cache', panels: [hitRatio(thresholds), reads(), entries(), removals()] };
}
