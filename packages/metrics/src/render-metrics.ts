import { Readable } from 'node:stream';
import { type Duration, parseDuration } from '@outrider/core';
import type { Registry } from 'prom-client';
import type { CollectableMetric, CollectedMetric, CollectedSample, LabelSet } from './collected-metric.js';
import { escapeHelp, escapeLabelValue, formatValue } from './escape.js';
import type { ExpositionFormat } from './exposition-format.js';
import { isLegacyMetricName, labelName, metadataName, type NameEscaping, sampleName } from './name-escaping.js';
import { Counter, Gauge, Histogram } from './prom-client.js';
import { TimeSlicer } from './time-slicer.js';

export interface RenderOptions {
  /** Default `'prometheus'` (text format 0.0.4). */
  format?: ExpositionFormat;
  /** Names outside the legacy character set: `underscores` (default) or quoted (`allow-utf-8`). */
  escaping?: NameEscaping;
  /** Longest stretch of formatting before the renderer yields to the event loop. Default `'2ms'`. */
  slice?: Duration;
  /** Text is handed out in chunks of about this many characters. Default 64 Ki. */
  chunkSize?: number;
}

/** How many samples are formatted between two looks at the clock and the chunk size. */
const CHECK_EVERY = 256;

/**
 * Renders every metric of `registry` as Prometheus text (or OpenMetrics), in chunks, yielding to
 * the event loop at least every `slice` of formatting. The output matches prom-client's
 * `registry.metrics()` line for line, except `NaN` (prom-client writes `Nan`) and, in OpenMetrics,
 * double quotes in HELP, which the OpenMetrics spec requires escaped, and `# UNIT` lines in OpenMetrics
 * for metrics that declare a unit their name ends with. A prom-client histogram is read series by
 * series (its bucket lines built as they are formatted), and a counter's or gauge's stored series are
 * looked up one at a time, so one large metric is sliced like many small ones; other metrics'
 * `get()` runs in one call.
 */
export async function* renderMetrics(registry: Registry, options: RenderOptions = {}): AsyncGenerator<string> {
  const openMetrics = options.format === 'openmetrics';
  const escaping = options.escaping ?? 'underscores';
  const chunkSize = options.chunkSize ?? 65_536;
  const slicer = new TimeSlicer(parseDuration(options.slice ?? 2, 'slice'));
  const defaults = defaultLabelsOf(registry);
  // A snapshot: metrics registered while a scrape runs appear in the next one.
  const metrics = registry.getMetricsAsArray() as unknown as CollectableMetric[];
  let out = '';
  for (let m = 0; m < metrics.length; m++) {
    const metric = metrics[m] as CollectableMetric;
    // A metric whose get() (or getForPromString()) was replaced on the instance adds series of its own
    // there (the otlp plugin appends an app's series to the sidecar's metric of the same name): read it whole.
    const patched = Object.hasOwn(metric, 'get') || Object.hasOwn(metric, 'getForPromString');
    const histogram = metric instanceof Histogram && !patched ? (metric as unknown as HistogramInternals) : undefined;
    const stored =
      (metric instanceof Counter || metric instanceof Gauge) && !patched
        ? (metric as unknown as StoredSeriesInternals)
        : undefined;
    const data: CollectedMetric =
      histogram !== undefined
        ? await histogramHeader(histogram)
        : stored !== undefined
          ? await storedHeader(stored)
          : await (metric.getForPromString ? metric.getForPromString() : metric.get());
    const counter = data.type === 'counter';
    const family = openMetrics && counter ? data.name.replace(/_total$/, '') : data.name;
    const sampleSuffix = openMetrics && counter ? '_total' : '';
    const type = openMetrics && data.type === 'untyped' ? 'unknown' : data.type;
    // Prometheus text separates families by a blank line (as prom-client does); OpenMetrics forbids blank lines.
    if (m > 0 && !openMetrics) out += '\n';
    const familyText = metadataName(family, escaping);
    out += `# HELP ${familyText} ${escapeHelp(data.help, openMetrics)}\n# TYPE ${familyText} ${type}\n`;
    if (openMetrics && data.unit) out += unitLine(familyText, data.unit);
    // Names made from a legacy family name (`_bucket`, `_total`, …) are legacy too: checked once here.
    const names = isLegacyMetricName(family) ? undefined : escaping;
    const values =
      histogram !== undefined
        ? histogramSamples(histogram)
        : stored !== undefined
          ? storedSamples(stored)
          : (data.values ?? []);
    let i = 0;
    for (const sample of values) {
      out += sampleLine(sample, family, sampleSuffix, defaults, openMetrics, escaping, names);
      if (i++ % CHECK_EVERY === CHECK_EVERY - 1) {
        if (out.length >= chunkSize) {
          yield out;
          out = '';
        }
        if (slicer.due()) await slicer.yield();
      }
    }
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
    if (slicer.due()) await slicer.yield();
  }
  if (openMetrics) out += '# EOF\n';
  else if (metrics.length === 0) out = '\n'; // prom-client's output for an empty registry
  if (out !== '') yield out;
}

/** {@link renderMetrics} as a byte stream with backpressure, ready to pipe into a response. */
export function metricsStream(registry: Registry, options: RenderOptions = {}): Readable {
  return Readable.from(renderMetrics(registry, options), { objectMode: false });
}

/** What prom-client 15 keeps in a histogram, read here instead of the whole value list of `getForPromString()`. */
interface HistogramInternals {
  name: string;
  help: string;
  unit?: string;
  upperBounds: number[];
  hashMap: Record<
    string,
    {
      labels: LabelSet;
      bucketValues: Record<number, number>;
      sum: number;
      count: number;
      bucketExemplars?: Record<number | string, CollectedSample['exemplar']>;
    }
  >;
  collect?: () => unknown;
}

/** Runs the histogram's collect callback, as its `getForPromString()` would, and gives the header. */
async function histogramHeader(histogram: HistogramInternals): Promise<CollectedMetric> {
  if (histogram.collect) await histogram.collect();
  const header: CollectedMetric = { name: histogram.name, help: histogram.help, type: 'histogram' };
  if (histogram.unit) header.unit = histogram.unit;
  return header;
}

/** What prom-client 15 keeps in a counter or gauge: one entry per series, keyed by its label hash. */
interface StoredSeriesInternals {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  unit?: string;
  hashMap: Record<string, CollectedSample>;
  collect?: () => unknown;
}

/** Runs the metric's collect callback, as its `get()` would, and gives the header. */
async function storedHeader(metric: StoredSeriesInternals): Promise<CollectedMetric> {
  if (metric.collect) await metric.collect();
  const header: CollectedMetric = { name: metric.name, help: metric.help, type: metric.type };
  if (metric.unit) header.unit = metric.unit;
  return header;
}

/**
 * The samples `get()` would list, in its order. `get()` copies them with `Object.values()`, which
 * on a hash map of 50k series blocks the event loop for about 30 ms; the keys alone take a third
 * of that, and each value is then read when it is formatted. A series removed meanwhile is skipped.
 */
function* storedSamples(metric: StoredSeriesInternals): Generator<CollectedSample> {
  const map = metric.hashMap;
  for (const key of Object.keys(map)) {
    const sample = map[key];
    if (sample !== undefined) yield sample;
  }
}

/** The samples prom-client's `getForPromString()` would list, in its order, one series at a time. */
function* histogramSamples(histogram: HistogramInternals): Generator<CollectedSample> {
  const bucket = `${histogram.name}_bucket`;
  for (const series of Object.values(histogram.hashMap)) {
    const shared = series.labels;
    const exemplars = series.bucketExemplars;
    let cumulative = 0;
    for (const bound of histogram.upperBounds) {
      cumulative += series.bucketValues[bound] ?? 0;
      yield {
        labels: { le: bound },
        sharedLabels: shared,
        value: cumulative,
        metricName: bucket,
        exemplar: exemplars?.[bound] ?? null,
      };
    }
    yield {
      labels: { le: '+Inf' },
      sharedLabels: shared,
      value: series.count,
      metricName: bucket,
      exemplar: exemplars?.['-1'] ?? null,
    };
    yield { labels: {}, sharedLabels: shared, value: series.sum, metricName: `${histogram.name}_sum` };
    yield { labels: {}, sharedLabels: shared, value: series.count, metricName: `${histogram.name}_count` };
  }
}

/**
 * OpenMetrics requires the family name to end with `_<unit>`; a unit it does not end with is left
 * out rather than failing the scrape.
 */
function unitLine(familyText: string, unit: string): string {
  const bare = familyText.endsWith('"') ? familyText.slice(0, -1) : familyText;
  return bare.endsWith(`_${unit}`) ? `# UNIT ${familyText} ${unit}\n` : '';
}

/** `names` is the escaping when the family name is not legacy, undefined when every name is used as it is. */
function sampleLine(
  sample: CollectedSample,
  family: string,
  suffix: string,
  defaults: LabelSet | undefined,
  openMetrics: boolean,
  escaping: NameEscaping,
  names: NameEscaping | undefined,
): string {
  const fullName = (sample.metricName ?? family) + suffix;
  // A UTF-8 name goes quoted, first inside the braces.
  const name = names === undefined ? fullName : sampleName(fullName, names);
  const shared = sample.sharedLabels;
  let labels = sample.labels;
  // prom-client's precedence: the sample's own labels win over the registry's default labels.
  if (defaults !== undefined) labels = labels === undefined ? defaults : { ...labels, ...defaults, ...labels };
  let text = labels === undefined ? '' : formatLabels(labels, shared, escaping);
  if (shared !== undefined) {
    const sharedText = sharedLabelText(shared, escaping);
    if (sharedText !== '') text = text === '' ? sharedText : `${text},${sharedText}`;
  }
  if (name === undefined) {
    const quoted = `"${escapeLabelValue(fullName)}"`;
    text = text === '' ? quoted : `${quoted},${text}`;
  }
  const head = name ?? '';
  let line = text === '' ? `${head} ${formatValue(sample.value)}` : `${head}{${text}} ${formatValue(sample.value)}`;
  const exemplar = sample.exemplar;
  if (openMetrics && exemplar) {
    line += ` # {${formatLabels(exemplar.labelSet, undefined, escaping)}} ${formatValue(exemplar.value)} ${exemplar.timestamp}`;
  }
  return `${line}\n`;
}

function formatLabels(labels: LabelSet, exclude: LabelSet | undefined, escaping: NameEscaping): string {
  let text = '';
  for (const name in labels) {
    if (exclude !== undefined && Object.hasOwn(exclude, name)) continue;
    const pair = `${labelName(name, escaping)}="${escapeLabelValue(labels[name])}"`;
    text = text === '' ? pair : `${text},${pair}`;
  }
  return text;
}

/**
 * A histogram hands the same series-labels object to each of its bucket lines, and keeps it
 * across scrapes: format it once. (prom-client caches the same way, keyed by the object.)
 */
const sharedTexts: Record<NameEscaping, WeakMap<LabelSet, string>> = {
  underscores: new WeakMap(),
  'allow-utf-8': new WeakMap(),
};

function sharedLabelText(shared: LabelSet, escaping: NameEscaping): string {
  const cache = sharedTexts[escaping];
  let text = cache.get(shared);
  if (text === undefined) {
    text = formatLabels(shared, undefined, escaping);
    cache.set(shared, text);
  }
  return text;
}

/** prom-client 15 has `setDefaultLabels` but no getter; its own renderer reads this field. */
function defaultLabelsOf(registry: Registry): LabelSet | undefined {
  const labels = (registry as unknown as { _defaultLabels?: LabelSet })._defaultLabels;
  return labels !== undefined && Object.keys(labels).length > 0 ? labels : undefined;
}
