import type { OutriderError } from '@outrider/core';
import { metricsErrors } from './error-codes.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** Unit words Prometheus asks to replace by the base unit, with the base unit to use. */
const NON_BASE_UNITS: Readonly<Record<string, string>> = {
  ms: 'seconds',
  msec: 'seconds',
  millis: 'seconds',
  milliseconds: 'seconds',
  us: 'seconds',
  microseconds: 'seconds',
  ns: 'seconds',
  nanoseconds: 'seconds',
  second: 'seconds',
  secs: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  byte: 'bytes',
  kb: 'bytes',
  kib: 'bytes',
  kilobytes: 'bytes',
  mb: 'bytes',
  mib: 'bytes',
  megabytes: 'bytes',
  gb: 'bytes',
  gib: 'bytes',
  gigabytes: 'bytes',
  percent: 'ratio',
  percentage: 'ratio',
};

/** Series suffixes a histogram writes itself; a metric named with one collides with them. */
const RESERVED_SUFFIXES = ['_count', '_sum', '_bucket'] as const;

/** Labels Prometheus gives a meaning of its own. */
const RESERVED_LABELS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: [],
  gauge: [],
  histogram: ['le'],
};

function invalid(name: string, rule: string): OutriderError {
  return metricsErrors.create('OUTRIDER_METRIC_NAME_INVALID', `metric "${name}": ${rule}`, {
    details: { metric: name, rule },
  });
}

/**
 * Checks a metric name against Outrider's rules (docs/architecture.md, the Prometheus naming
 * guide): snake_case, `_total` on counters and only on them, base units, no histogram suffixes.
 */
export function assertMetricName(type: MetricType, name: string): void {
  if (typeof name !== 'string' || !SNAKE_CASE.test(name)) {
    throw invalid(String(name), 'names are snake_case: lowercase letters, digits and single underscores');
  }
  const isTotal = name.endsWith('_total');
  if (type === 'counter' && !isTotal) throw invalid(name, `counter names end in _total (${name}_total)`);
  if (type !== 'counter' && isTotal) throw invalid(name, `only counters end in _total; this is a ${type}`);
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) throw invalid(name, `${suffix} is a series suffix Prometheus reserves for histograms`);
  const stem = isTotal ? name.slice(0, -'_total'.length) : name;
  const unit = stem.slice(stem.lastIndexOf('_') + 1);
  const base = NON_BASE_UNITS[unit];
  if (base !== undefined) throw invalid(name, `use the base unit _${base} instead of _${unit}`);
}

/** Checks label names: snake_case, distinct, and not one Prometheus reserves for the type. */
export function assertLabelNames(type: MetricType, metric: string, labelNames: readonly string[]): void {
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (typeof label !== 'string' || !SNAKE_CASE.test(label)) {
      throw invalid(metric, `label "${String(label)}" is not snake_case`);
    }
    if (RESERVED_LABELS[type].includes(label)) throw invalid(metric, `label "${label}" is reserved on a ${type}`);
    if (seen.has(label)) throw invalid(metric, `label "${label}" is listed twice`);
    seen.add(label);
  }
}

/** Checks a registry-wide prefix such as `shop_`. */
export function assertPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*_$/.test(prefix)) {
    throw metricsErrors.create(
      'OUTRIDER_METRIC_NAME_INVALID',
      `prefix "${String(prefix)}": a prefix is snake_case and ends in _ (e.g. "shop_")`,
      { details: { prefix } },
    );
  }
}

/** Checks default label names (`service`, `instance`), which every metric of the registry carries. */
export function assertDefaultLabels(labels: Readonly<Record<string, string>>): void {
  for (const [label, value] of Object.entries(labels)) {
    if (!SNAKE_CASE.test(label)) throw invalid('(default labels)', `label "${label}" is not snake_case`);
    if (typeof value !== 'string') throw invalid('(default labels)', `label "${label}" needs a string value`);
  }
}
