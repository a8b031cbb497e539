import type { Registry } from 'prom-client';
import type { SeriesPoint } from './series-history.js';

/** A chart of the console: what it shows and in which unit (the browser formats the axis by it). */
export interface ChartSpec {
  id: string;
  title: string;
  unit: 'per_second' | 'items' | 'ratio' | 'seconds' | 'cores' | 'bytes';
}

/** The charts the sampler fills, in the order the console shows them. */
export const CHARTS: readonly ChartSpec[] = [
  { id: 'otlp-items', title: 'OTLP items per second', unit: 'per_second' },
  { id: 'otlp-backlog', title: 'OTLP queue and spool depth', unit: 'items' },
  { id: 'probe-success', title: 'Probe success', unit: 'ratio' },
  { id: 'probe-latency', title: 'Probe latency (mean of the interval)', unit: 'seconds' },
  { id: 'process-cpu', title: 'Supervised process CPU', unit: 'cores' },
  { id: 'process-rss', title: 'Supervised process RSS', unit: 'bytes' },
  { id: 'http-rate', title: 'Sidecar HTTP requests per second', unit: 'per_second' },
  { id: 'http-p99', title: 'Sidecar HTTP p99 latency', unit: 'seconds' },
];

/** The console's own event stream lasts as long as the page is open: it would swamp the p99. */
const LONG_LIVED_ROUTES: ReadonlySet<string> = new Set(['/ui/api/live']);

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

type Sums = Map<string, number>;

/**
 * Reads the few metrics the console charts from the sidecar's registry and turns them into one point
 * per line: gauges as they are, counters as per-second rates since the previous sample, histograms as
 * the interval's mean or p99. Only the named metrics are collected, not the whole registry.
 */
export class SeriesSampler {
  readonly #registry: Registry;
  /** Counter totals of the previous sample, by chart and line, for the rates. */
  #previous = new Map<string, number>();
  #previousTime: number | undefined;

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  async sample(now: number): Promise<SeriesPoint[]> {
    const seconds = this.#previousTime === undefined ? undefined : (now - this.#previousTime) / 1000;
    const totals = new Map<string, number>();
    const points: SeriesPoint[] = [];
    const gauge = (chart: string, sums: Sums) => {
      for (const [label, value] of sums) points.push({ chart, label, value });
    };
    const rate = (chart: string, sums: Sums) => {
      for (const [label, total] of sums) {
        const key = `${chart}\u0000${label}`;
        totals.set(key, total);
        const before = this.#previous.get(key);
        if (seconds === undefined || before === undefined || seconds <= 0) continue;
        // A counter that went down was reset (a restarted child): count from zero, as Prometheus does.
        points.push({ chart, label, value: (total >= before ? total - before : total) / seconds });
      }
    };
    const delta = (key: string, total: number): number | undefined => {
      totals.set(key, total);
      const before = this.#previous.get(key);
      return before === undefined ? undefined : total >= before ? total - before : total;
    };

    const items = await this.#read('outrider_otlp_items_total');
    rate(
      'otlp-items',
      sumBy(
        items.filter((s) => s.labels.outcome === 'received' || s.labels.outcome === 'exported'),
        (s) => `${s.labels.signal} ${s.labels.outcome}`,
      ),
    );
    rate(
      'otlp-items',
      sumBy(await this.#read('outrider_otlp_refused_total'), (s) => `${s.labels.signal} refused`),
    );
    gauge(
      'otlp-backlog',
      sumBy(await this.#read('outrider_otlp_queue_items'), (s) => `queue ${s.labels.signal}`),
    );
    gauge(
      'otlp-backlog',
      sumBy(await this.#read('outrider_otlp_spool_items'), (s) => `spool ${s.labels.signal}`),
    );
    gauge(
      'probe-success',
      sumBy(await this.#read('outrider_probe_success'), (s) => String(s.labels.target)),
    );

    const probe = await this.#read('outrider_probe_duration_seconds');
    const total = probe.filter((s) => s.labels.phase === 'total');
    const probeSums = sumBy(
      total.filter((s) => s.metricName?.endsWith('_sum')),
      (s) => String(s.labels.target),
    );
    const probeCounts = sumBy(
      total.filter((s) => s.metricName?.endsWith('_count')),
      (s) => String(s.labels.target),
    );
    for (const [target, count] of probeCounts) {
      const probes = delta(`probe-latency\u0000count\u0000${target}`, count);
      const spent = delta(`probe-latency\u0000sum\u0000${target}`, probeSums.get(target) ?? 0);
      if (probes !== undefined && spent !== undefined && probes > 0) {
        points.push({ chart: 'probe-latency', label: target, value: spent / probes });
      }
    }

    rate(
      'process-cpu',
      sumBy(await this.#read('outrider_process_cpu_seconds_total'), (s) => String(s.labels.plugin)),
    );
    gauge(
      'process-rss',
      sumBy(await this.#read('outrider_process_resident_memory_bytes'), (s) => String(s.labels.plugin)),
    );

    rate(
      'http-rate',
      sumBy(await this.#read('outrider_http_requests_total'), (s) => `${String(s.labels.code).charAt(0)}xx`),
    );
    const buckets = sumBy(
      (await this.#read('outrider_http_request_duration_seconds')).filter(
        (s) => s.metricName?.endsWith('_bucket') && !LONG_LIVED_ROUTES.has(String(s.labels.route)),
      ),
      (s) => String(s.labels.le),
    );
    const increases: [number, number][] = [];
    for (const [le, count] of buckets) {
      const increase = delta(`http-p99\u0000${le}`, count);
      if (increase !== undefined) increases.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), increase]);
    }
    const p99 = histogramQuantile(0.99, increases);
    if (p99 !== undefined) points.push({ chart: 'http-p99', label: 'p99', value: p99 });

    this.#previous = totals;
    this.#previousTime = now;
    return points;
  }

  async #read(name: string): Promise<Sample[]> {
    const metric = this.#registry.getSingleMetric(name);
    if (metric === undefined) return [];
    return (await metric.get()).values as Sample[];
  }
}

function sumBy(samples: readonly Sample[], keyOf: (sample: Sample) => string): Sums {
  const sums: Sums = new Map();
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    const key = keyOf(sample);
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/**
 * Prometheus' histogram_quantile over cumulative bucket increases `[upper bound, count]`: linear
 * interpolation within the bucket that holds the rank; the highest finite bound when it falls in +Inf.
 * Undefined when nothing was observed.
 */
export function histogramQuantile(q: number, buckets: readonly [number, number][]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      if (count === lowerCount) return bound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
