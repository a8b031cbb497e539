import type { Metric, Registry } from 'prom-client';
import type { BucketCounts } from './bucket-counts.js';

type Labels = Record<string, string | number>;

interface Sample {
  value: number;
  labels: Labels;
  metricName?: string;
  /** Labels every line of one histogram series shares (prom-client's text form). */
  sharedLabels?: Labels;
}

/** One series as a source reports it: a number, or a histogram's bucket counts. */
export type SeriesValue = number | BucketCounts;
export type Emit = (labels: Labels, value: SeriesValue) => void;

/**
 * A metric prom-client's registry can hold whose values are read when it is scraped: the code
 * being measured keeps plain numbers, and labels are formatted once per scrape instead of hashed
 * once per event. `read` reports every series through `emit`; series reported twice (two sources
 * with one label set) are added up.
 */
export class ScrapedMetric {
  readonly aggregator = 'sum';

  constructor(
    /** Writable: prom-client's OpenMetrics output renames counters in place. */
    public name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    readonly labelNames: readonly string[],
    private readonly read: (emit: Emit) => void,
    private readonly onReset: () => void = () => {},
  ) {}

  /** Registers on `registry`; throws prom-client's error when the name is taken. */
  register(registry: Registry): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    return Promise.resolve(this.#collect(false));
  }

  /** What prom-client's text renderer asks for first: histogram lines share their series labels. */
  getForPromString(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    return Promise.resolve(this.#collect(true));
  }

  reset(): void {
    this.onReset();
  }

  #collect(shared: boolean) {
    const series = new Map<string, { labels: Labels; value: SeriesValue }>();
    this.read((labels, value) => {
      const key = this.labelNames.map((name) => labels[name]).join('\u0000');
      const seen = series.get(key);
      if (seen === undefined) series.set(key, { labels, value: typeof value === 'number' ? value : value.clone() });
      else if (typeof seen.value === 'number' || typeof value === 'number') {
        seen.value = (seen.value as number) + (value as number);
      } else seen.value.add(value);
    });
    const values: Sample[] = [];
    for (const { labels, value } of series.values()) {
      if (typeof value === 'number') values.push({ value, labels });
      else this.#pushHistogram(values, labels, value, shared);
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Lines in prom-client's order and label order: buckets with `le` first, then `_sum`, `_count`. */
  #pushHistogram(values: Sample[], labels: Labels, counts: BucketCounts, shared: boolean): void {
    const line = (metricName: string, extra: Labels, value: number): Sample =>
      shared
        ? { value, labels: extra, sharedLabels: labels, metricName }
        : { value, labels: { ...extra, ...labels }, metricName };
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    counts.bounds.forEach((bound, i) => {
      cumulative += counts.counts[i] ?? 0;
      values.push(line(bucket, { le: bound }, cumulative));
    });
    values.push(line(bucket, { le: '+Inf' }, counts.count));
    values.push(line(`${this.name}_sum`, {}, counts.sum));
    values.push(line(`${this.name}_count`, {}, counts.count));
  }
}
