import { Readable } from 'node:stream';
import type { Registry } from 'prom-client';
import type { CollectableMetric, CollectedMetric, CollectedSample, LabelSet } from './collected-metric.js';
import { escapeHelp, escapeLabelValue, formatValue } from './escape.js';
import type { ExpositionFormat } from './exposition-format.js';
import { TimeSlicer } from './time-slicer.js';

export interface RenderOptions {
  /** Default `'prometheus'` (text format 0.0.4). */
  format?: ExpositionFormat;
  /** Longest stretch of formatting before the renderer yields to the event loop, in ms. Default 2. */
  sliceMs?: number;
  /** Text is handed out in chunks of about this many characters. Default 64 Ki. */
  chunkSize?: number;
}

/** How many samples are formatted between two looks at the clock and the chunk size. */
const CHECK_EVERY = 256;

/**
 * Renders every metric of `registry` as Prometheus text (or OpenMetrics), in chunks, yielding to
 * the event loop at least every `sliceMs` of formatting. The output matches prom-client's
 * `registry.metrics()` line for line, except `NaN` (prom-client writes `Nan`) and, in OpenMetrics,
 * double quotes in HELP, which the OpenMetrics spec requires escaped. Only a single metric's
 * `get()` runs unsliced: prom-client builds its whole value list in one call.
 */
export async function* renderMetrics(registry: Registry, options: RenderOptions = {}): AsyncGenerator<string> {
  const openMetrics = options.format === 'openmetrics';
  const chunkSize = options.chunkSize ?? 65_536;
  const slicer = new TimeSlicer(options.sliceMs ?? 2);
  const defaults = defaultLabelsOf(registry);
  // A snapshot: metrics registered while a scrape runs appear in the next one.
  const metrics = registry.getMetricsAsArray() as unknown as CollectableMetric[];
  let out = '';
  for (let m = 0; m < metrics.length; m++) {
    const metric = metrics[m] as CollectableMetric;
    const data: CollectedMetric = await (metric.getForPromString ? metric.getForPromString() : metric.get());
    const counter = data.type === 'counter';
    const family = openMetrics && counter ? data.name.replace(/_total$/, '') : data.name;
    const sampleSuffix = openMetrics && counter ? '_total' : '';
    const type = openMetrics && data.type === 'untyped' ? 'unknown' : data.type;
    // Prometheus text separates families by a blank line (as prom-client does); OpenMetrics forbids blank lines.
    if (m > 0 && !openMetrics) out += '\n';
    out += `# HELP ${family} ${escapeHelp(data.help, openMetrics)}\n# TYPE ${family} ${type}\n`;
    const values = data.values ?? [];
    for (let i = 0; i < values.length; i++) {
      out += sampleLine(values[i] as CollectedSample, family, sampleSuffix, defaults, openMetrics);
      if (i % CHECK_EVERY === CHECK_EVERY - 1) {
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

function sampleLine(
  sample: CollectedSample,
  family: string,
  suffix: string,
  defaults: LabelSet | undefined,
  openMetrics: boolean,
): string {
  const name = (sample.metricName ?? family) + suffix;
  const shared = sample.sharedLabels;
  let labels = sample.labels;
  // prom-client's precedence: the sample's own labels win over the registry's default labels.
  if (defaults !== undefined) labels = labels === undefined ? defaults : { ...labels, ...defaults, ...labels };
  let text = labels === undefined ? '' : formatLabels(labels, shared);
  if (shared !== undefined) {
    const sharedText = sharedLabelText(shared);
    if (sharedText !== '') text = text === '' ? sharedText : `${text},${sharedText}`;
  }
  let line = text === '' ? `${name} ${formatValue(sample.value)}` : `${name}{${text}} ${formatValue(sample.value)}`;
  const exemplar = sample.exemplar;
  if (openMetrics && exemplar) {
    line += ` # {${formatLabels(exemplar.labelSet, undefined)}} ${formatValue(exemplar.value)} ${exemplar.timestamp}`;
  }
  return `${line}\n`;
}

function formatLabels(labels: LabelSet, exclude: LabelSet | undefined): string {
  let text = '';
  for (const name in labels) {
    if (exclude !== undefined && Object.hasOwn(exclude, name)) continue;
    const pair = `${name}="${escapeLabelValue(labels[name])}"`;
    text = text === '' ? pair : `${text},${pair}`;
  }
  return text;
}

/**
 * A histogram hands the same series-labels object to each of its bucket lines, and keeps it
 * across scrapes: format it once. (prom-client caches the same way, keyed by the object.)
 */
const sharedTexts = new WeakMap<LabelSet, string>();

function sharedLabelText(shared: LabelSet): string {
  let text = sharedTexts.get(shared);
  if (text === undefined) {
    text = formatLabels(shared, undefined);
    sharedTexts.set(shared, text);
  }
  return text;
}

/** prom-client 15 has `setDefaultLabels` but no getter; its own renderer reads this field. */
function defaultLabelsOf(registry: Registry): LabelSet | undefined {
  const labels = (registry as unknown as { _defaultLabels?: LabelSet })._defaultLabels;
  return labels !== undefined && Object.keys(labels).length > 0 ? labels : undefined;
}
