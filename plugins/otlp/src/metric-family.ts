export type FamilyKind = 'counter' | 'gauge' | 'histogram' | 'summary';

type Labels = Record<string, string>;

interface BaseSeries {
  labels: Labels;
  /** clock ms of the last point: staleness is measured from here. */
  updated: number;
  /** Start time of a cumulative stream; a new one means the source restarted. */
  start: number;
}

export interface ScalarSeries extends BaseSeries {
  value: number;
  /**
   * On the overflow series: the last value of each cumulative stream folded into it, so it grows by
   * each stream's increase. Bounded like the family's series; goes with the series when it is swept.
   */
  streams?: Map<string, number>;
}

/** The label of the one series per family that takes the points of series past the cap, as the OTel SDK names it. */
export const OVERFLOW_LABEL = 'otel_metric_overflow';

/** A histogram's state: upper bounds, and `counts` with one more entry for +Inf, per bucket (not cumulative). */
export interface Buckets {
  bounds: number[];
  counts: number[];
  sum: number;
  count: number;
}

export interface HistogramSeries extends BaseSeries, Buckets {
  /** On the overflow series: the last state of each cumulative stream folded into it, as on `ScalarSeries`. */
  streams?: Map<string, Buckets>;
}

export interface SummarySeries extends BaseSeries {
  quantiles: { quantile: number; value: number }[];
  sum: number;
  count: number;
  /** On the overflow series: the last sum and count of each stream folded into it, as on `ScalarSeries`. */
  streams?: Map<string, { sum: number; count: number }>;
}

type AnySeries = ScalarSeries | HistogramSeries | SummarySeries;

interface MetricValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

/** A series key: label pairs in key order. */
export function seriesKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let key = '';
  for (const name of keys) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/**
 * One Prometheus metric family made of OTLP points, registered in a prom-client Registry as a
 * collector object (prom-client reads `name`, `help`, `type` and calls `get()` at scrape time).
 * Series older than the staleness window are left out of scrapes and removed by `sweep`.
 */
export class MetricFamily {
  readonly aggregator = 'sum';
  readonly series = new Map<string, AnySeries>();
  /** The unit as Prometheus names it (`seconds`), for OpenMetrics `# UNIT`; '' for none. */
  unit = '';

  constructor(
    public name: string,
    public help: string,
    readonly type: FamilyKind,
    readonly staleAfter: number,
    readonly now: () => number,
  ) {}

  /** Drops stale series; returns how many are left. */
  sweep(now: number): number {
    for (const [key, series] of this.series) if (now - series.updated > this.staleAfter) this.series.delete(key);
    return this.series.size;
  }

  reset(): void {
    this.series.clear();
  }

  get(): { name: string; help: string; type: FamilyKind; unit: string; aggregator: string; values: MetricValue[] } {
    const now = this.now();
    const values: MetricValue[] = [];
    for (const series of this.series.values()) {
      if (now - series.updated > this.staleAfter) continue;
      if (this.type === 'histogram') this.#histogramValues(series as HistogramSeries, values);
      else if (this.type === 'summary') this.#summaryValues(series as SummarySeries, values);
      else values.push({ value: (series as ScalarSeries).value, labels: series.labels });
    }
    return { name: this.name, help: this.help, type: this.type, unit: this.unit, aggregator: this.aggregator, values };
  }

  #histogramValues(series: HistogramSeries, values: MetricValue[]): void {
    let cumulative = 0;
    const bucket = `${this.name}_bucket`;
    for (let i = 0; i < series.counts.length; i++) {
      cumulative += series.counts[i] ?? 0;
      const bound = series.bounds[i];
      const le = bound === undefined ? '+Inf' : String(bound);
      values.push({ metricName: bucket, labels: { ...series.labels, le }, value: cumulative });
    }
    values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
    values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
  }

  #summaryValues(series: SummarySeries, values: MetricValue[]): void {
    for (const { quantile, value } of series.quantiles) {
      values.push({ labels: { ...series.labels, quantile: String(quantile) }, value });
    }
    values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
    values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
  }
}
