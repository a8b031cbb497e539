import type { Clock } from '@outrider/core';
import type { Registry } from 'prom-client';
import type { AttributeLimits } from './attribute-limits.js';
import {
  type FamilyKind,
  type HistogramSeries,
  MetricFamily,
  OVERFLOW_LABEL,
  type ScalarSeries,
  type SummarySeries,
  seriesKey,
} from './metric-family.js';
import type {
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  KeyValue,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  ScopeEntry,
  SummaryDataPoint,
} from './otlp-types.js';
import { type Folded, foldHistogram, foldSummary } from './overflow-fold.js';
import type { OwnMetrics } from './own-metrics.js';
import {
  attributeLabels,
  attributeText,
  type OtelMetricType,
  prometheusMetricName,
  prometheusUnit,
} from './prometheus-naming.js';
import { toNumber } from './proto.js';
import { shareMetric } from './shared-family.js';
import type { TranslationStrategy } from './translation-strategy.js';

const DELTA = 1;
/** DataPointFlags.NO_RECORDED_VALUE: the source says the series ended. */
const NO_RECORDED_VALUE = 1;

export interface SinkResult {
  accepted: number;
  rejected: number;
  /** Why points were refused, one line per reason. */
  reasons: string[];
}

export interface PrometheusSinkOptions {
  registry: Registry;
  clock: Clock;
  stalenessMs: number;
  maxSeriesPerMetric: number;
  /** Series over every metric; past it new metric names are refused and new series overflow. */
  maxSeries: number;
  own: OwnMetrics;
  /** How names are translated; default `UnderscoreEscapingWithSuffixes`. */
  translationStrategy?: TranslationStrategy;
  /** `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url` and `otel_scope_<attr>` labels; default true. */
  scopeLabels?: boolean;
  /** Attributes per data point and string value length; the excess is dropped or truncated and counted. */
  attributeLimits?: AttributeLimits;
}

/** The resource attributes that make `job` and `instance`, and so stay off `target_info`. */
const IDENTIFYING = new Set(['service.name', 'service.namespace', 'service.instance.id']);
/** Scope labels that a scope attribute may not overwrite. */
const SCOPE_LABELS = new Set(['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url']);

type Temporality = 'set' | 'cumulative' | 'delta';

/** The `metric` label of `outrider_otlp_series_overflow_total` for new metric names refused by `maxSeries`. */
export const NEW_METRIC_OVER_CAP = '_new_metric';

/** The `reason` label of `outrider_otlp_refused_total{signal="metrics"}`. */
export type RefusalReason =
  | 'invalid_name'
  | 'invalid_label_name'
  | 'type_conflict'
  | 'name_conflict'
  | 'cardinality_limit';

/**
 * Turns OTLP metrics into Prometheus series on the sidecar's registry, by the OTel→Prometheus
 * rules: unit and `_total` suffixes, sanitized labels, `job`/`instance` from the resource and its
 * other attributes on `target_info`. Delta points are accumulated; stale series are dropped.
 */
export class PrometheusSink {
  readonly #options: PrometheusSinkOptions;
  readonly #strategy: TranslationStrategy;
  readonly #families = new Map<string, MetricFamily>();
  /** Families served under a sidecar metric of the same name: how to undo that. */
  readonly #shared = new Map<string, () => void>();
  #result: SinkResult = { accepted: 0, rejected: 0, reasons: [] };

  constructor(options: PrometheusSinkOptions) {
    this.#options = options;
    this.#strategy = options.translationStrategy ?? 'UnderscoreEscapingWithSuffixes';
  }

  /** Series held over every family (target_info included), kept as series are made and swept. */
  #total = 0;

  /** How many series are held, over every family (target_info included). */
  get seriesCount(): number {
    return this.#total;
  }

  /** Attributes dropped and values truncated by `attributeLimits` in the current `apply`. */
  #limited = { dropped: 0, truncated: 0 };

  apply(resourceMetrics: readonly ResourceMetrics[]): SinkResult {
    this.#result = { accepted: 0, rejected: 0, reasons: [] };
    this.#limited = { dropped: 0, truncated: 0 };
    const now = this.#options.clock.now();
    for (const entry of resourceMetrics) {
      const identity = resourceIdentity(entry.resource?.attributes);
      this.#targetInfo(entry.resource?.attributes, identity, now);
      for (const scope of entry.scopeMetrics ?? []) {
        const base = this.#scopeLabels(scope, identity);
        for (const metric of scope.metrics ?? []) this.#metric(metric, base, now);
      }
    }
    const { dropped, truncated } = this.#limited;
    if (dropped + truncated > 0) this.#options.own.attributesLimited('metrics', dropped, truncated);
    return this.#result;
  }

  /** Drops series not updated within the staleness window, and families left empty. */
  sweep(): void {
    const now = this.#options.clock.now();
    for (const [name, family] of this.#families) {
      const before = family.series.size;
      const left = family.sweep(now);
      this.#total -= before - left;
      if (left > 0) continue;
      this.#families.delete(name);
      this.#unregister(name, family);
    }
  }

  #unregister(name: string, family: MetricFamily): void {
    const unshare = this.#shared.get(name);
    if (unshare !== undefined) {
      this.#shared.delete(name);
      unshare();
    } else if (this.#options.registry.getSingleMetric(name) === (family as unknown)) {
      this.#options.registry.removeSingleMetric(name);
    }
  }

  /** Unregisters every family (plugin stop). */
  clear(): void {
    for (const [name, family] of this.#families) this.#unregister(name, family);
    this.#families.clear();
  }

  /**
   * The labels every point of a scope gets: the resource identity, then the scope's name, version,
   * schema URL and attributes (as `otel_scope_<attr>`; one that would overwrite the first three is dropped).
   */
  #scopeLabels(scope: ScopeEntry, identity: Record<string, string>): Record<string, string> {
    const base: Record<string, string> = { ...identity };
    if (this.#options.scopeLabels === false) return base;
    const attributes: Record<string, string> = {};
    // The `otel_scope_` prefix leaves every key at least one valid character: no key is refused.
    attributeLabels(scope.scope?.attributes, attributes, this.#strategy, 'otel_scope_');
    for (const [label, value] of Object.entries(attributes)) if (!SCOPE_LABELS.has(label)) base[label] = value;
    if (scope.scope?.name) base.otel_scope_name = scope.scope.name;
    if (scope.scope?.version) base.otel_scope_version = scope.scope.version;
    if (scope.schemaUrl) base.otel_scope_schema_url = scope.schemaUrl;
    return base;
  }

  /** `reason` is the metric label (`type_conflict`); `detail` goes only into the partial-success message. */
  #refuse(count: number, metric: string, reason: RefusalReason, detail: string): void {
    if (count === 0) return;
    this.#result.rejected += count;
    const line = `${metric}: ${reason}: ${detail}`;
    if (this.#result.reasons.length < 10 && !this.#result.reasons.includes(line)) this.#result.reasons.push(line);
    this.#options.own.metricPointsRefused(reason, count);
  }

  #metric(metric: Metric, base: Record<string, string>, now: number): void {
    const unit = metric.unit ?? '';
    const help = metric.description || metric.name;
    if (metric.gauge) {
      this.#numbers(metric, metric.gauge.dataPoints, 'gauge', 'gauge', unit, help, base, now, 'set');
    } else if (metric.sum) {
      const monotonic = metric.sum.isMonotonic === true;
      const delta = metric.sum.aggregationTemporality === DELTA;
      // A non-monotonic delta sum is still a running total: accumulate it, but as a gauge.
      this.#numbers(
        metric,
        metric.sum.dataPoints,
        monotonic ? 'counter' : 'gauge',
        monotonic ? 'monotonic_sum' : 'non_monotonic_sum',
        unit,
        help,
        base,
        now,
        delta ? 'delta' : 'cumulative',
      );
    } else if (metric.histogram) {
      const delta = metric.histogram.aggregationTemporality === DELTA;
      const points = metric.histogram.dataPoints ?? [];
      const family = this.#family(metric, 'histogram', 'histogram', unit, help, points.length);
      if (!family) return;
      for (const point of points) {
        const bounds = point.explicitBounds ?? [];
        const counts = (point.bucketCounts ?? []).map(toNumber);
        this.#histogram(family, metric.name, base, point, bounds, counts, delta, now);
      }
    } else if (metric.exponentialHistogram) {
      const delta = metric.exponentialHistogram.aggregationTemporality === DELTA;
      const points = metric.exponentialHistogram.dataPoints ?? [];
      const family = this.#family(metric, 'histogram', 'exponential_histogram', unit, help, points.length);
      if (!family) return;
      for (const point of points) {
        const { bounds, counts } = explicitBuckets(point);
        this.#histogram(family, metric.name, base, point, bounds, counts, delta, now);
      }
    } else if (metric.summary) {
      const points = metric.summary.dataPoints ?? [];
      const family = this.#family(metric, 'summary', 'summary', unit, help, points.length);
      if (!family) return;
      for (const point of points) this.#summary(family, metric.name, base, point, now);
    }
  }

  /** The family for a metric, made and registered on first use; undefined when its points are refused. */
  #family(
    metric: Metric,
    kind: FamilyKind,
    type: OtelMetricType,
    unit: string,
    help: string,
    points: number,
  ): MetricFamily | undefined {
    const translated = prometheusMetricName(metric.name, unit, type, this.#strategy);
    if (!translated.ok) {
      this.#refuse(points, metric.name, 'invalid_name', translated.error);
      return undefined;
    }
    const name = translated.name;
    const existing = this.#families.get(name);
    if (existing) {
      if (existing.type === kind) return existing;
      this.#refuse(points, metric.name, 'type_conflict', `${name} is a ${existing.type}, not a ${kind}`);
      return undefined;
    }
    if (this.#total >= this.#options.maxSeries) {
      // A new name would be a new family: refused, so endless metric names cannot grow the registry.
      this.#options.own.seriesOverflow(NEW_METRIC_OVER_CAP);
      this.#refuse(points, metric.name, 'cardinality_limit', `the sidecar holds ${this.#options.maxSeries} series`);
      return undefined;
    }
    const family = new MetricFamily(name, help, kind, this.#options.stalenessMs, () => this.#options.clock.now());
    family.unit = prometheusUnit(unit, this.#strategy);
    const own = this.#options.registry.getSingleMetric(name);
    if (own !== undefined) {
      // The sidecar records this metric too (an SDK package's): the app's series join its own.
      const unshare = shareMetric(own, family, kind);
      if (unshare === undefined) {
        this.#refuse(points, metric.name, 'name_conflict', `${name} is a sidecar metric of another type`);
        return undefined;
      }
      this.#shared.set(name, unshare);
    } else {
      this.#options.registry.registerMetric(family as never);
    }
    this.#families.set(name, family);
    return family;
  }

  /**
   * The series for `labels`, made on first use unless the family is at its cap. Past the cap the
   * point is refused and counted — unless `refuse` is false: then the caller folds it into the
   * family's overflow series.
   */
  #series<S>(
    family: MetricFamily,
    metricName: string,
    labels: Record<string, string>,
    make: () => S,
    refuse = true,
  ): S | undefined {
    const key = seriesKey(labels);
    const found = family.series.get(key);
    if (found) return found as S;
    const full = family.series.size >= this.#options.maxSeriesPerMetric || this.#total >= this.#options.maxSeries;
    if (full && !refuse) return undefined;
    if (family.series.size >= this.#options.maxSeriesPerMetric) {
      this.#options.own.seriesOverflow(family.name);
      this.#refuse(
        1,
        metricName,
        'cardinality_limit',
        `${family.name} holds ${this.#options.maxSeriesPerMetric} series`,
      );
      return undefined;
    }
    if (this.#total >= this.#options.maxSeries) {
      this.#options.own.seriesOverflow(family.name);
      this.#refuse(1, metricName, 'cardinality_limit', `the sidecar holds ${this.#options.maxSeries} series`);
      return undefined;
    }
    const series = make();
    family.series.set(key, series as never);
    this.#total++;
    return series;
  }

  /**
   * Folds a counter or gauge point past the series cap into the family's one overflow series
   * (`otel_metric_overflow="true"`, its other labels dropped), as the OTel SDK's cardinality limit
   * does: deltas add up, gauges keep the last value, and cumulative streams add their increase (each
   * stream's last value is kept, up to `maxSeriesPerMetric` streams; past that the point is refused).
   */
  #overflow(
    family: MetricFamily,
    metricName: string,
    labels: Record<string, string>,
    value: number,
    temporality: Temporality,
    now: number,
  ): ScalarSeries | undefined {
    const series = this.#overflowSeries<ScalarSeries>(family, (overflowLabels) => ({
      labels: overflowLabels,
      updated: now,
      start: 0,
      value: 0,
    }));
    const streams = series.streams ?? new Map<string, number>();
    series.streams = streams;
    if (temporality === 'set') series.value = value;
    else if (temporality === 'delta') series.value += value;
    else {
      const stream = seriesKey(labels);
      const last = streams.get(stream);
      if (last === undefined && streams.size >= this.#options.maxSeriesPerMetric) {
        this.#options.own.seriesOverflow(family.name);
        this.#refuse(1, metricName, 'cardinality_limit', `${family.name} overflows ${streams.size} streams`);
        return undefined;
      }
      // A lower value than last time: the stream restarted, its whole value is new.
      series.value += last === undefined || value < last ? value : value - last;
      streams.set(stream, value);
    }
    this.#options.own.seriesOverflow(family.name);
    return series;
  }

  /** The family's one overflow series, made on first use: past the cap it is one series more, at most. */
  #overflowSeries<S extends ScalarSeries | HistogramSeries | SummarySeries>(
    family: MetricFamily,
    make: (labels: Record<string, string>) => S,
  ): S {
    const labels = { [OVERFLOW_LABEL]: 'true' };
    const key = seriesKey(labels);
    let series = family.series.get(key) as S | undefined;
    if (series === undefined) {
      series = make(labels);
      family.series.set(key, series);
      this.#total++;
    }
    return series;
  }

  /** Counts a histogram or summary point folded into the overflow series (or refused there). */
  #folded(family: MetricFamily, metricName: string, folded: Folded, series: { updated: number }, now: number): void {
    this.#options.own.seriesOverflow(family.name);
    if (folded === 'too_many_streams') {
      this.#refuse(
        1,
        metricName,
        'cardinality_limit',
        `${family.name} overflows ${this.#options.maxSeriesPerMetric} streams`,
      );
      return;
    }
    if (folded === 'bounds_merged') this.#options.own.overflowBoundsMerged(family.name);
    series.updated = now;
    this.#result.accepted++;
  }

  /** A point's labels, or undefined (the point refused) when an attribute key has no label name. */
  #labels(
    base: Record<string, string>,
    attributes: KeyValue[] | null | undefined,
    metricName: string,
  ): Record<string, string> | undefined {
    const labels: Record<string, string> = {};
    const error = attributeLabels(this.#limit(attributes), labels, this.#strategy);
    if (error !== undefined) {
      this.#refuse(1, metricName, 'invalid_label_name', error);
      return undefined;
    }
    return Object.assign(labels, base);
  }

  /** A point's attributes within `attributeLimits`: the first ones kept, long string values cut, as the OTel SDK does. */
  #limit(attributes: KeyValue[] | null | undefined): KeyValue[] | null | undefined {
    const limits = this.#options.attributeLimits;
    if (limits === undefined || attributes == null) return attributes;
    let kept = attributes;
    if (kept.length > limits.maxAttributes) {
      this.#limited.dropped += kept.length - limits.maxAttributes;
      kept = kept.slice(0, limits.maxAttributes);
    }
    // Cut in place: the decoded request is this call's own (a copy would lose protobufjs's oneof getter).
    for (const attribute of kept) {
      const value = attribute.value;
      if (typeof value?.stringValue !== 'string' || value.stringValue.length <= limits.maxValueLength) continue;
      value.stringValue = value.stringValue.slice(0, limits.maxValueLength);
      this.#limited.truncated++;
    }
    return kept;
  }

  #numbers(
    metric: Metric,
    points: NumberDataPoint[] | null | undefined,
    kind: 'counter' | 'gauge',
    type: OtelMetricType,
    unit: string,
    help: string,
    base: Record<string, string>,
    now: number,
    temporality: Temporality,
  ): void {
    const family = this.#family(metric, kind, type, unit, help, points?.length ?? 0);
    if (!family) return;
    for (const point of points ?? []) {
      if (((point.flags ?? 0) & NO_RECORDED_VALUE) !== 0) continue;
      const value = point.value === 'asInt' ? toNumber(point.asInt) : (point.asDouble ?? 0);
      const start = toNumber(point.startTimeUnixNano);
      const labels = this.#labels(base, point.attributes, metric.name);
      if (!labels) continue;
      const make = () => ({ labels, updated: now, start, value: 0 });
      const own = this.#series<ScalarSeries>(family, metric.name, labels, make, false);
      // Past the cap the point is folded into the overflow series, which `#overflow` updates.
      const series = own ?? this.#overflow(family, metric.name, labels, value, temporality, now);
      if (!series) continue;
      if (own !== undefined) own.value = temporality === 'delta' ? own.value + value : value;
      series.start = start;
      series.updated = now;
      this.#result.accepted++;
    }
  }

  #histogram(
    family: MetricFamily,
    metricName: string,
    base: Record<string, string>,
    point: HistogramDataPoint | ExponentialHistogramDataPoint,
    bounds: number[],
    counts: number[],
    delta: boolean,
    now: number,
  ): void {
    if (((point.flags ?? 0) & NO_RECORDED_VALUE) !== 0) return;
    const labels = this.#labels(base, point.attributes, metricName);
    if (!labels) return;
    const make = (seriesLabels: Record<string, string>): HistogramSeries => ({
      labels: seriesLabels,
      updated: now,
      start: 0,
      bounds: [],
      counts: [],
      sum: 0,
      count: 0,
    });
    const series = this.#series<HistogramSeries>(family, metricName, labels, () => make(labels), false);
    if (!series) {
      // Past the cap: into the overflow series, as the OTel SDK's cardinality limit does.
      const overflow = this.#overflowSeries(family, make);
      const buckets = {
        bounds,
        counts: counts.length === bounds.length + 1 ? counts : padCounts(counts, bounds.length + 1),
        sum: point.sum ?? 0,
        count: toNumber(point.count),
      };
      const stream = delta ? undefined : seriesKey(labels);
      const folded = foldHistogram(overflow, buckets, stream, this.#options.maxSeriesPerMetric);
      this.#folded(family, metricName, folded, overflow, now);
      return;
    }
    const sameBounds = series.bounds.length === bounds.length && series.bounds.every((b, i) => b === bounds[i]);
    if (delta && sameBounds && series.counts.length === counts.length) {
      for (let i = 0; i < counts.length; i++) series.counts[i] = (series.counts[i] ?? 0) + (counts[i] ?? 0);
      series.sum += point.sum ?? 0;
      series.count += toNumber(point.count);
    } else {
      // Cumulative, or a delta stream whose buckets changed: the point is the new state.
      series.bounds = bounds;
      series.counts = counts.length === bounds.length + 1 ? counts : padCounts(counts, bounds.length + 1);
      series.sum = point.sum ?? 0;
      series.count = toNumber(point.count);
    }
    series.start = toNumber(point.startTimeUnixNano);
    series.updated = now;
    this.#result.accepted++;
  }

  #summary(
    family: MetricFamily,
    metricName: string,
    base: Record<string, string>,
    point: SummaryDataPoint,
    now: number,
  ) {
    if (((point.flags ?? 0) & NO_RECORDED_VALUE) !== 0) return;
    const labels = this.#labels(base, point.attributes, metricName);
    if (!labels) return;
    const make = (seriesLabels: Record<string, string>): SummarySeries => ({
      labels: seriesLabels,
      updated: now,
      start: 0,
      quantiles: [],
      sum: 0,
      count: 0,
    });
    const series = this.#series<SummarySeries>(family, metricName, labels, () => make(labels), false);
    if (!series) {
      const overflow = this.#overflowSeries(family, make);
      const totals = { sum: point.sum ?? 0, count: toNumber(point.count) };
      const folded = foldSummary(overflow, totals, seriesKey(labels), this.#options.maxSeriesPerMetric);
      this.#folded(family, metricName, folded, overflow, now);
      return;
    }
    series.quantiles = (point.quantileValues ?? []).map((q) => ({ quantile: q.quantile ?? 0, value: q.value ?? 0 }));
    series.sum = point.sum ?? 0;
    series.count = toNumber(point.count);
    series.updated = now;
    this.#result.accepted++;
  }

  #targetInfo(attributes: KeyValue[] | null | undefined, identity: Record<string, string>, now: number): void {
    const rest = (attributes ?? []).filter((kv) => !IDENTIFYING.has(kv.key));
    if (rest.length === 0) return;
    const labels: Record<string, string> = {};
    // A resource attribute without a label name is left off target_info; the points still count.
    if (attributeLabels(rest, labels, this.#strategy) !== undefined) return;
    Object.assign(labels, identity);
    let family = this.#families.get('target_info');
    if (!family) {
      family = new MetricFamily('target_info', 'Target metadata', 'gauge', this.#options.stalenessMs, () =>
        this.#options.clock.now(),
      );
      try {
        this.#options.registry.registerMetric(family as never);
      } catch {
        return;
      }
      this.#families.set('target_info', family);
    }
    const series = this.#series<ScalarSeries>(family, 'target_info', labels, () => ({
      labels,
      updated: now,
      start: 0,
      value: 1,
    }));
    if (series) series.updated = now;
  }
}

/** `job` = `service.namespace/service.name` (or the name alone), `instance` = `service.instance.id`. */
function resourceIdentity(attributes: KeyValue[] | null | undefined): Record<string, string> {
  let name = '';
  let namespace = '';
  let instance = '';
  for (const { key, value } of attributes ?? []) {
    if (key === 'service.name') name = attributeText(value);
    else if (key === 'service.namespace') namespace = attributeText(value);
    else if (key === 'service.instance.id') instance = attributeText(value);
  }
  const identity: Record<string, string> = {};
  const job = namespace ? `${namespace}/${name}` : name;
  if (job) identity.job = job;
  if (instance) identity.instance = instance;
  return identity;
}

function padCounts(counts: number[], length: number): number[] {
  const padded = counts.slice(0, length);
  while (padded.length < length) padded.push(0);
  return padded;
}

/**
 * An exponential histogram as explicit buckets: bucket `i` covers (base^i, base^(i+1)] with
 * base = 2^(2^-scale). Zero and negative counts go into the `le="0"` bucket, which is exact for
 * cumulative buckets (every such value is ≤ 0) but gives up the negative buckets' resolution.
 */
export function explicitBuckets(point: ExponentialHistogramDataPoint): { bounds: number[]; counts: number[] } {
  const base = 2 ** (2 ** -(point.scale ?? 0));
  let atOrBelowZero = toNumber(point.zeroCount);
  for (const count of point.negative?.bucketCounts ?? []) atOrBelowZero += toNumber(count);
  const bounds = [0];
  const counts = [atOrBelowZero];
  const offset = point.positive?.offset ?? 0;
  const positive = point.positive?.bucketCounts ?? [];
  for (let k = 0; k < positive.length; k++) {
    bounds.push(base ** (offset + k + 1));
    counts.push(toNumber(positive[k]));
  }
  counts.push(0);
  return { bounds, counts };
}
