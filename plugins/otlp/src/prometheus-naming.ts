import type { AnyValue, KeyValue } from './otlp-types.js';
import { toNumber } from './proto.js';
import { addsSuffixes, escapesNames, type TranslationStrategy } from './translation-strategy.js';

/** The OTLP data type of a metric, as far as naming cares. */
export type OtelMetricType =
  | 'gauge'
  | 'monotonic_sum'
  | 'non_monotonic_sum'
  | 'histogram'
  | 'exponential_histogram'
  | 'summary';

/** A translated name, or why there is none (the text of Prometheus's OTLP translator). */
export type NameResult = { ok: true; name: string } | { ok: false; error: string };

/** UCUM units as Prometheus spells them (OTel spec, "Prometheus and OpenMetrics Compatibility"). */
const UNITS = new Map<string, string>([
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tibibytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  ['1', ''],
  ['%', 'percent'],
]);

/** The denominators of `x/y` units. */
const PER_UNITS = new Map<string, string>([
  ['s', 'second'],
  ['m', 'minute'],
  ['h', 'hour'],
  ['d', 'day'],
  ['w', 'week'],
  ['mo', 'month'],
  ['y', 'year'],
]);

/** Runs of characters outside a legacy metric name (`_` included, so runs of `_` collapse). */
const NOT_METRIC_CHARS = /[^a-zA-Z0-9:]+/;
const NOT_METRIC_CHARS_G = /[^a-zA-Z0-9:]+/g;
const NOT_METRIC_OR_UNDERSCORE = /[^a-zA-Z0-9:_]+/;
const NOT_LABEL_CHARS_G = /[^a-zA-Z0-9]+/g;
const ONLY_UNDERSCORES = /^_+$/;
const LEADING_DIGIT = /^[0-9]/;

/**
 * The unit's two suffix words before escaping: `By/s` → [`bytes`, `per_second`]. Whitespace is
 * trimmed; a part in braces (`{packet}`) or empty gives nothing; unknown units are kept as written.
 */
function unitWords(unit: string): [main: string, per: string] {
  const slash = unit.indexOf('/');
  const mainText = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perText = slash < 0 ? '' : unit.slice(slash + 1).trim();
  const main = mainText !== '' && !/[{}]/.test(mainText) ? (UNITS.get(mainText) ?? mainText) : '';
  const per = perText !== '' && !/[{}]/.test(perText) ? (PER_UNITS.get(perText) ?? perText) : '';
  return [main, per === '' ? '' : `per_${per}`];
}

/** A unit word escaped to metric name characters, runs of `_` collapsed and a leading `_` dropped. */
function cleanUnit(word: string): string {
  return word.replace(NOT_METRIC_CHARS_G, '_').replace(/^_/, '');
}

/**
 * The unit as Prometheus names it (for `# UNIT` metadata and the name suffix): `ms` →
 * `milliseconds`, `By/s` → `bytes_per_second`, `{request}` and `1` → ''.
 */
export function prometheusUnit(unit: string, strategy: TranslationStrategy = 'UnderscoreEscapingWithSuffixes'): string {
  let [main, per] = unitWords(unit);
  if (escapesNames(strategy)) [main, per] = [cleanUnit(main), cleanUnit(per)];
  const word = main !== '' && per !== '' ? `${main}_${per}` : main !== '' ? main : per;
  return word.replace(/^_/, '').replace(/_$/, '');
}

/**
 * The Prometheus metric name of an OTel metric under `strategy`, by the rules of Prometheus's OTLP
 * translator: with escaping, the name is split into tokens of `[a-zA-Z0-9:]` (which trims
 * whitespace and collapses `_` runs), the unit is appended unless already one of the tokens, then
 * `_total` on monotonic sums and `_ratio` on gauges of unit `1`; a leading digit gets `_`.
 * A name left empty or made only of `_` is refused.
 */
export function prometheusMetricName(
  name: string,
  unit: string,
  type: OtelMetricType,
  strategy: TranslationStrategy = 'UnderscoreEscapingWithSuffixes',
): NameResult {
  if (!escapesNames(strategy)) {
    const kept = addsSuffixes(strategy) ? utf8WithSuffixes(name, unit, type) : name;
    return kept === '' ? { ok: false, error: 'metric name is empty' } : { ok: true, name: kept };
  }
  let result: string;
  if (addsSuffixes(strategy)) {
    let tokens = name.split(NOT_METRIC_CHARS).filter((token) => token !== '');
    const [main, per] = unitWords(unit);
    tokens = withUnitTokens(tokens, cleanUnit(main), cleanUnit(per));
    if (type === 'monotonic_sum') tokens = [...tokens.filter((token) => token !== 'total'), 'total'];
    if (unit === '1' && type === 'gauge') tokens = [...tokens.filter((token) => token !== 'ratio'), 'ratio'];
    result = tokens.join('_');
  } else {
    result = name
      .split(NOT_METRIC_OR_UNDERSCORE)
      .filter((token) => token !== '')
      .join('_');
  }
  if (LEADING_DIGIT.test(result)) result = `_${result}`;
  if (result === '') return { ok: false, error: `normalization for metric ${quote(name)} resulted in empty name` };
  if (result !== name && ONLY_UNDERSCORES.test(result)) {
    return { ok: false, error: `normalization for metric ${quote(name)} resulted in invalid name ${quote(result)}` };
  }
  return { ok: true, name: result };
}

/** Adds the unit tokens unless the name has them already; a `per_` with nothing after it is dropped. */
function withUnitTokens(tokens: string[], main: string, per: string): string[] {
  let mainToken = tokens.includes(main) ? '' : main;
  let perToken = per === 'per_' ? '' : per.replace(/_$/, '');
  if (tokens.includes(perToken)) perToken = '';
  if (perToken !== '') mainToken = mainToken.replace(/_$/, '');
  const result = [...tokens];
  if (mainToken !== '') result.push(mainToken);
  if (perToken !== '') result.push(perToken);
  return result;
}

/** Suffixes on a name kept as it is: each one added unless the name already ends with it. */
function utf8WithSuffixes(name: string, unit: string, type: OtelMetricType): string {
  let base = name;
  let tail = '';
  if (unit === '1' && type === 'gauge') {
    base = withoutSuffix(base, 'ratio');
    tail = '_ratio';
  }
  if (type === 'monotonic_sum') {
    base = withoutSuffix(base, 'total');
    tail = `_total${tail}`;
  }
  const [main, per] = unitWords(unit);
  if (per !== '') {
    base = withoutSuffix(base, per);
    tail = `_${per}${tail}`;
  }
  if (main !== '' && !base.endsWith(main)) base = `${base}_${main}`;
  return base + tail;
}

/** `name` without `suffix` and the one delimiter before it, when something is left. */
function withoutSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) && name.length > suffix.length + 1 ? name.slice(0, -(suffix.length + 1)) : name;
}

/**
 * An attribute key as a label name under `strategy`. Escaping: runs of characters outside
 * `[a-zA-Z0-9]` (`_` included) become one `_`, a reserved `__name__` form keeps its `__` ends, and
 * a leading digit gets `key_`. A key that is empty or ends up only `_` is refused.
 */
export function prometheusLabelName(
  key: string,
  strategy: TranslationStrategy = 'UnderscoreEscapingWithSuffixes',
): NameResult {
  if (key === '') return { ok: false, error: 'label name is empty' };
  if (!escapesNames(strategy)) {
    return ONLY_UNDERSCORES.test(key)
      ? { ok: false, error: `label name ${quote(key)} contains only underscores` }
      : { ok: true, name: key };
  }
  const reserved = key.length >= 4 && key.startsWith('__') && key.endsWith('__');
  let name = (reserved ? key.slice(2, -2) : key).replace(NOT_LABEL_CHARS_G, '_');
  if (reserved) name = `__${name}__`;
  if (LEADING_DIGIT.test(name)) name = `key_${name}`;
  if (ONLY_UNDERSCORES.test(name)) {
    return { ok: false, error: `normalization for label name ${quote(key)} resulted in invalid name ${quote(name)}` };
  }
  return { ok: true, name };
}

/** A name quoted as Go's `%q` prints it, for reasons that match the reference translator's text. */
function quote(text: string): string {
  return JSON.stringify(text);
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
 * Attributes as labels (`prefix` + key, then escaped). Keys that translate to the same label are
 * joined with `;` in key order, as the spec asks, rather than one silently winning. Returns why a
 * key has no label name, or undefined when every key has one.
 */
export function attributeLabels(
  attributes: readonly KeyValue[] | null | undefined,
  into: Record<string, string>,
  strategy: TranslationStrategy = 'UnderscoreEscapingWithSuffixes',
  prefix = '',
): string | undefined {
  if (!attributes || attributes.length === 0) return undefined;
  const sorted = attributes.length > 1 ? [...attributes].sort((a, b) => (a.key < b.key ? -1 : 1)) : attributes;
  const seen = new Set<string>();
  for (const { key, value } of sorted) {
    const label = prometheusLabelName(prefix + key, strategy);
    if (!label.ok) return label.error;
    const text = attributeText(value);
    if (seen.has(label.name)) into[label.name] = `${into[label.name]};${text}`;
    else {
      seen.add(label.name);
      into[label.name] = text;
    }
  }
  return undefined;
}
