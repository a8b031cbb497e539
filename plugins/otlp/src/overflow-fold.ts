import type { Buckets, HistogramSeries, SummarySeries } from './metric-family.js';

/**
 * How a point past the series cap went into its family's overflow series: added; added after the
 * overflow series' buckets were merged down to the bounds it shares with the point's; or refused,
 * because the overflow series already remembers as many cumulative streams as it may.
 */
export type Folded = 'folded' | 'bounds_merged' | 'too_many_streams';

/**
 * Adds a histogram point to the overflow series. A delta point (`stream` undefined) adds its
 * buckets; a cumulative one adds its increase since its stream's last point (all of it when the
 * stream is new, restarted — a count went down — or changed its bounds). When the bounds differ
 * from the overflow series', both are merged onto the bounds they have in common: a bucket of
 * either is a union of buckets between common bounds, so nothing is miscounted, only resolution
 * is lost; every `le` that stays keeps its cumulative count, so the series stays monotonic.
 */
export function foldHistogram(
  overflow: HistogramSeries,
  point: Buckets,
  stream: string | undefined,
  maxStreams: number,
): Folded {
  let added = point;
  if (stream !== undefined) {
    const streams = overflow.streams ?? new Map<string, Buckets>();
    overflow.streams = streams;
    const last = streams.get(stream);
    if (last === undefined && streams.size >= maxStreams) return 'too_many_streams';
    added = last === undefined ? point : increase(last, point);
    streams.set(stream, point);
  }
  overflow.sum += added.sum;
  overflow.count += added.count;
  if (overflow.counts.length === 0) {
    overflow.bounds = [...added.bounds];
    overflow.counts = [...added.counts];
    return 'folded';
  }
  if (sameBounds(overflow.bounds, added.bounds)) {
    for (let i = 0; i < added.counts.length; i++) {
      overflow.counts[i] = (overflow.counts[i] ?? 0) + (added.counts[i] ?? 0);
    }
    return 'folded';
  }
  const common = overflow.bounds.filter((bound) => added.bounds.includes(bound));
  const mine = coarsen(overflow.bounds, overflow.counts, common);
  const theirs = coarsen(added.bounds, added.counts, common);
  overflow.bounds = common;
  overflow.counts = mine.map((count, i) => count + (theirs[i] ?? 0));
  return 'bounds_merged';
}

/**
 * Adds a summary point's count and sum to the overflow series (its increase for a stream seen
 * before). Quantiles of different series cannot be combined: the overflow series has none.
 */
export function foldSummary(
  overflow: SummarySeries,
  point: { sum: number; count: number },
  stream: string,
  maxStreams: number,
): Folded {
  const streams = overflow.streams ?? new Map<string, { sum: number; count: number }>();
  overflow.streams = streams;
  const last = streams.get(stream);
  if (last === undefined && streams.size >= maxStreams) return 'too_many_streams';
  const restarted = last === undefined || point.count < last.count;
  overflow.sum += restarted ? point.sum : point.sum - last.sum;
  overflow.count += restarted ? point.count : point.count - last.count;
  streams.set(stream, point);
  return 'folded';
}

function increase(last: Buckets, point: Buckets): Buckets {
  const restarted =
    !sameBounds(last.bounds, point.bounds) ||
    point.count < last.count ||
    point.counts.some((count, i) => count < (last.counts[i] ?? 0));
  if (restarted) return point;
  return {
    bounds: point.bounds,
    counts: point.counts.map((count, i) => count - (last.counts[i] ?? 0)),
    sum: point.sum - last.sum,
    count: point.count - last.count,
  };
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}

/** Per-bucket counts over `bounds` re-added over `target`, a subset of `bounds` (sorted, as both are). */
function coarsen(bounds: readonly number[], counts: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length + 1).fill(0);
  let j = 0;
  for (let i = 0; i < counts.length; i++) {
    const upper = bounds[i] ?? Number.POSITIVE_INFINITY;
    while (j < target.length && (target[j] as number) < upper) j++;
    out[j] = (out[j] as number) + (counts[i] ?? 0);
  }
  return out;
}
