import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import type {
  AggregationTemporality,
  DataPoint,
  DataPointType,
  GaugeMetricData,
  Histogram,
  HistogramMetricData,
  MetricData,
  SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { unitOfMetricName } from './prometheus-units.js';
import { labelKey, type SeriesStarts } from './series-starts.js';

// The SDK's enum values, spelled out: importing @opentelemetry/sdk-metrics at run time would load
// the OpenTelemetry SDK in every process that imports this package (see the lazy pipeline).
const CUMULATIVE = 1 as AggregationTemporality.CUMULATIVE;
const HISTOGRAM = 0 as DataPointType.HISTOGRAM;
const GAUGE = 2 as DataPointType.GAUGE;
const SUM = 3 as DataPointType.SUM;

type Labels = Record<string, string | number>;

/** One sample of prom-client's `metric.get()` / `getForPromString()`. */
export interface CollectedSample {
  value: number;
  labels?: Labels;
  metricName?: string;
  /** Series labels a histogram shares between its bucket lines (`getForPromString`). */
  sharedLabels?: Labels;
}

/** What prom-client's `metric.get()` resolves to. */
export interface CollectedMetric {
  name: string;
  help: string;
  type: string;
  values?: CollectedSample[];
}

/** What a conversion needs besides the metric. */
export interface ConversionContext {
  readonly now: HrTime;
  readonly starts: SeriesStarts;
  /** The registry's default labels; a sample's own labels win. */
  readonly defaultLabels: Labels | undefined;
}

function attributesOf(labels: Labels | undefined, context: ConversionContext): Attributes {
  if (context.defaultLabels === undefined) return labels ?? {};
  return { ...context.defaultLabels, ...labels };
}

function descriptor(metric: CollectedMetric, name = metric.name, unit = unitOfMetricName(metric.name, metric.type)) {
  return { name, description: metric.help, unit, valueType: ValueType.DOUBLE };
}

/**
 * A prom-client metric as OpenTelemetry metric data (the mapping of OpenTelemetry Go contrib's
 * Prometheus bridge): counters as monotonic cumulative sums, gauges as gauges, histograms as
 * explicit-bucket histograms with the same bounds. Summaries become the series a Prometheus
 * summary has, under the same names, because the JavaScript SDK has no summary point: a gauge
 * `<name>{quantile}` and non-monotonic sums `<name>_sum`, `<name>_count`.
 */
export function toMetricData(metric: CollectedMetric, context: ConversionContext): MetricData[] {
  const values = metric.values ?? [];
  if (values.length === 0) return [];
  switch (metric.type) {
    case 'counter':
      return [counterData(metric, values, context)];
    case 'histogram':
      return [histogramData(metric, values, context)];
    case 'summary':
      return summaryData(metric, values, context);
    default:
      // gauges, and prom-client's `untyped`
      return [gaugeData(metric, values, context)];
  }
}

function counterData(metric: CollectedMetric, values: CollectedSample[], context: ConversionContext): SumMetricData {
  const dataPoints: DataPoint<number>[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const sample = values[i] as CollectedSample;
    const startTime = context.starts.startOf(metric.name, labelKey(sample.labels), sample.value, context.now);
    dataPoints[i] = {
      startTime,
      endTime: context.now,
      attributes: attributesOf(sample.labels, context),
      value: sample.value,
    };
  }
  return {
    descriptor: descriptor(metric),
    aggregationTemporality: CUMULATIVE,
    dataPointType: SUM,
    isMonotonic: true,
    dataPoints,
  };
}

function gaugeData(metric: CollectedMetric, values: CollectedSample[], context: ConversionContext): GaugeMetricData {
  const dataPoints: DataPoint<number>[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const sample = values[i] as CollectedSample;
    dataPoints[i] = {
      startTime: context.now,
      endTime: context.now,
      attributes: attributesOf(sample.labels, context),
      value: sample.value,
    };
  }
  return { descriptor: descriptor(metric), aggregationTemporality: CUMULATIVE, dataPointType: GAUGE, dataPoints };
}

interface Buckets {
  labels: Labels | undefined;
  boundaries: number[];
  /** Cumulative, as Prometheus counts; +Inf excluded. */
  cumulative: number[];
  sum: number;
  count: number;
}

/** The labels of a sample without `except` (`le`, `quantile`). */
function seriesLabels(sample: CollectedSample, except: string): Labels | undefined {
  if (sample.sharedLabels !== undefined) return sample.sharedLabels;
  const labels = sample.labels;
  if (labels === undefined || !(except in labels)) return labels;
  const { [except]: _, ...rest } = labels;
  return rest;
}

/**
 * Groups samples by series. prom-client writes a series' samples one after the other and, in
 * `getForPromString`, hands them the same labels object: that is the fast path; otherwise the
 * label values decide.
 */
function groupSeries<T>(
  values: CollectedSample[],
  except: string,
  make: (labels: Labels | undefined) => T,
  add: (series: T, sample: CollectedSample) => void,
): T[] {
  const byKey = new Map<string, T>();
  const all: T[] = [];
  let lastLabels: Labels | undefined;
  let last: T | undefined;
  for (const sample of values) {
    const labels = seriesLabels(sample, except);
    if (last === undefined || labels !== lastLabels) {
      const key = labelKey(labels);
      last = byKey.get(key);
      if (last === undefined) {
        last = make(labels);
        byKey.set(key, last);
        all.push(last);
      }
      lastLabels = labels;
    }
    add(last, sample);
  }
  return all;
}

function histogramData(
  metric: CollectedMetric,
  values: CollectedSample[],
  context: ConversionContext,
): HistogramMetricData {
  const sumName = `${metric.name}_sum`;
  const countName = `${metric.name}_count`;
  const series = groupSeries<Buckets>(
    values,
    'le',
    (labels) => ({ labels, boundaries: [], cumulative: [], sum: 0, count: 0 }),
    (buckets, sample) => {
      if (sample.metricName === sumName) buckets.sum = sample.value;
      else if (sample.metricName === countName) buckets.count = sample.value;
      else {
        const le = sample.labels?.le;
        if (le === undefined || le === '+Inf') return;
        buckets.boundaries.push(Number(le));
        buckets.cumulative.push(sample.value);
      }
    },
  );
  const dataPoints: DataPoint<Histogram>[] = series.map((buckets) => {
    const counts: number[] = new Array(buckets.cumulative.length + 1);
    let below = 0;
    for (let i = 0; i < buckets.cumulative.length; i++) {
      const cumulative = buckets.cumulative[i] as number;
      counts[i] = cumulative - below;
      below = cumulative;
    }
    counts[buckets.cumulative.length] = buckets.count - below;
    return {
      startTime: context.starts.startOf(metric.name, labelKey(buckets.labels), buckets.count, context.now),
      endTime: context.now,
      attributes: attributesOf(buckets.labels, context),
      value: { buckets: { boundaries: buckets.boundaries, counts }, sum: buckets.sum, count: buckets.count },
    };
  });
  return {
    descriptor: descriptor(metric),
    aggregationTemporality: CUMULATIVE,
    dataPointType: HISTOGRAM,
    dataPoints,
  };
}

interface Quantiles {
  labels: Labels | undefined;
  quantiles: CollectedSample[];
  sum: number;
  count: number;
}

function summaryData(metric: CollectedMetric, values: CollectedSample[], context: ConversionContext): MetricData[] {
  const sumName = `${metric.name}_sum`;
  const countName = `${metric.name}_count`;
  const series = groupSeries<Quantiles>(
    values,
    'quantile',
    (labels) => ({ labels, quantiles: [], sum: 0, count: 0 }),
    (summary, sample) => {
      if (sample.metricName === sumName) summary.sum = sample.value;
      else if (sample.metricName === countName) summary.count = sample.value;
      else summary.quantiles.push(sample);
    },
  );
  const unit = unitOfMetricName(metric.name, 'summary');
  const quantilePoints: DataPoint<number>[] = [];
  const sumPoints: DataPoint<number>[] = [];
  const countPoints: DataPoint<number>[] = [];
  for (const summary of series) {
    const startTime = context.starts.startOf(metric.name, labelKey(summary.labels), summary.count, context.now);
    const attributes = attributesOf(summary.labels, context);
    const point = (value: number, extra?: Labels): DataPoint<number> => ({
      startTime,
      endTime: context.now,
      attributes: extra === undefined ? attributes : { ...attributes, ...extra },
      value,
    });
    for (const quantile of summary.quantiles) {
      quantilePoints.push(point(quantile.value, { quantile: String(quantile.labels?.quantile) }));
    }
    sumPoints.push(point(summary.sum));
    countPoints.push(point(summary.count));
  }
  const sums = (name: string, dataPoints: DataPoint<number>[], unitOfSeries: string): SumMetricData => ({
    descriptor: descriptor(metric, name, unitOfSeries),
    aggregationTemporality: CUMULATIVE,
    dataPointType: SUM,
    isMonotonic: false,
    dataPoints,
  });
  return [
    {
      descriptor: descriptor(metric, metric.name, unit),
      aggregationTemporality: CUMULATIVE,
      dataPointType: GAUGE,
      dataPoints: quantilePoints,
    },
    sums(sumName, sumPoints, ''),
    sums(countName, countPoints, ''),
  ];
}
