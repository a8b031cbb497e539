import type { AnyValue, KeyValue } from './otlp-types.js';
import { toNumber } from './proto.js';

/** UCUM units as Prometheus spells them (OTel spec, "Prometheus and OpenMetrics Compatibility"). */
const UNITS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** The denominators of `x/y` units. */
const PER_UNITS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const INVALID_NAME = /[^a-zA-Z0-9_:]+/g;
const INVALID_LABEL = /[^a-zA-Z0-9_]+/g;

function cleanName(text: string, invalid: RegExp): string {
  return text.replace(invalid, '_').replace(/__+/g, '_');
}

/** The unit as a name suffix: `ms` → `milliseconds`, `By/s` → `bytes_per_second`, `{request}` → ''. */
export function unitSuffix(unit: string, kind: 'counter' | 'gauge' | 'histogram' | 'summary'): string {
  const text = unit.replace(/\{[^}]*\}/g, '').trim();
  if (text === '') return '';
  if (text === '1') return kind === 'gauge' ? 'ratio' : '';
  const [numerator = '', denominator] = text.split('/', 2);
  const parts: string[] = [];
  if (numerator !== '' && numerator !== '1') parts.push(UNITS[numerator] ?? numerator);
  if (denominator !== undefined && denominator !== '') parts.push(`per_${PER_UNITS[denominator] ?? denominator}`);
  return cleanName(parts.join('_'), INVALID_LABEL).replace(/^_|_$/g, '');
}

/**
 * The Prometheus metric name of an OTel metric: invalid characters to `_`, the unit suffix unless
 * the name already ends with it, and `_total` on counters.
 */
export function prometheusMetricName(name: string, unit: string, kind: 'counter' | 'gauge' | 'histogram' | 'summary') {
  let base = cleanName(name, INVALID_NAME).replace(/_+$/, '');
  if (/^[0-9]/.test(base)) base = `_${base}`;
  if (kind === 'counter') base = base.replace(/_total$/, '');
  const suffix = unitSuffix(unit, kind);
  if (suffix !== '' && !base.endsWith(`_${suffix}`) && base !== suffix) base = `${base}_${suffix}`;
  if (kind === 'counter') base = `${base}_total`;
  return base;
}

/** An attribute key as a label name: invalid characters to `_`; a leading digit or `_` gets a `key` prefix. */
export function prometheusLabelName(key: string): string {
  const name = key.replace(INVALID_LABEL, '_');
  if (name === '') return 'key_';
  if (/^[0-9]/.test(name)) return `key_${name}`;
  // Names starting with `_` are reserved for Prometheus' own use.
  if (name.startsWith('_')) return `key${name}`;
  return name;
}

/** An attribute value as label text: scalars as they print, arrays and maps as JSON. */
export function attributeText(value: AnyValue | null | undefined): string {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
    case 'intValue':
    case 'doubleValue':
      return String(value[value.value]);
    case 'bytesValue':
      return Buffer.from(value.bytesValue ?? []).toString('base64');
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(attributeJson(value));
    default:
      return '';
  }
}

/** An attribute value as plain JSON (for the traces API and for composite label values). */
export function attributeJson(value: AnyValue | null | undefined): unknown {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue === true;
    case 'intValue':
      return toNumber(value.intValue);
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'bytesValue':
      return Buffer.from(value.bytesValue ?? []).toString('base64');
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(attributeJson);
    case 'kvlistValue':
      return attributesJson(value.kvlistValue?.values);
    default:
      return null;
  }
}

export function attributesJson(attributes: readonly KeyValue[] | null | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) result[key] = attributeJson(value);
  return result;
}

/**
 * Attributes as labels. Keys that sanitize to the same label are joined with `;` in key order,
 * as the spec asks, rather than one silently winning.
 */
export function attributeLabels(
  attributes: readonly KeyValue[] | null | undefined,
  into: Record<string, string>,
): void {
  if (!attributes || attributes.length === 0) return;
  const sorted = attributes.length > 1 ? [...attributes].sort((a, b) => (a.key < b.key ? -1 : 1)) : attributes;
  const seen = new Set<string>();
  for (const { key, value } of sorted) {
    const label = prometheusLabelName(key);
    const text = attributeText(value);
    if (seen.has(label)) into[label] = `${into[label]};${text}`;
    else {
      seen.add(label);
      into[label] = text;
    }
  }
}
