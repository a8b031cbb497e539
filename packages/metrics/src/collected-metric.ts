/**
 * The shape prom-client's metrics hand out from `get()` (and `getForPromString()` for histograms),
 * typed structurally: prom-client's own typings declare neither method on `getMetricsAsArray()`.
 */
export type LabelSet = Readonly<Record<string, string | number | undefined>>;

export interface CollectedSample {
  value: number;
  labels?: LabelSet;
  /** The series' own labels when `labels` holds only the bucket's `le` (histograms). */
  sharedLabels?: LabelSet;
  /** `<name>_bucket`, `_sum`, `_count` for histograms and summaries. */
  metricName?: string;
  exemplar?: { labelSet: LabelSet; value: number; timestamp: number } | null;
}

export interface CollectedMetric {
  name: string;
  help: string;
  type: string;
  /** The unit as the name spells it (`seconds`), written as OpenMetrics `# UNIT`; prom-client's metrics have none. */
  unit?: string;
  values?: CollectedSample[];
}

export interface CollectableMetric {
  readonly name: string;
  get(): Promise<CollectedMetric> | CollectedMetric;
  getForPromString?(): Promise<CollectedMetric> | CollectedMetric;
}
