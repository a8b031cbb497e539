import { escapeLabelValue } from './escape.js';

/**
 * How names outside the legacy character set are written: `underscores` replaces each character
 * that is not allowed with `_` (prometheus/common's underscore escaping); `allow-utf-8` quotes the
 * name, for scrapers that asked for UTF-8 names (Prometheus 3's `escaping=allow-utf-8`).
 */
export type NameEscaping = 'underscores' | 'allow-utf-8';

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;

export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

/** Each character outside the legacy set, and a leading digit, as `_` (per code point). */
function underscoreEscape(name: string, allowed: RegExp): string {
  let out = '';
  for (const char of name) out += allowed.test(char) && !(out === '' && char >= '0' && char <= '9') ? char : '_';
  return out;
}

/** A metric name in a `# HELP` / `# TYPE` / `# UNIT` line. */
export function metadataName(name: string, escaping: NameEscaping): string {
  if (isLegacyMetricName(name)) return name;
  return escaping === 'allow-utf-8' ? `"${escapeLabelValue(name)}"` : underscoreEscape(name, METRIC_CHAR);
}

/** A sample's metric name outside braces (legacy or escaped), or undefined when it goes quoted inside them. */
export function sampleName(name: string, escaping: NameEscaping): string | undefined {
  if (isLegacyMetricName(name)) return name;
  return escaping === 'allow-utf-8' ? undefined : underscoreEscape(name, METRIC_CHAR);
}

const labelNames: Record<NameEscaping, Map<string, string>> = { underscores: new Map(), 'allow-utf-8': new Map() };

/** A label name before `=`, looked up in a small cache: label names repeat on every sample. */
export function labelName(name: string, escaping: NameEscaping): string {
  const cache = labelNames[escaping];
  let text = cache.get(name);
  if (text === undefined) {
    if (LEGACY_LABEL_NAME.test(name)) text = name;
    else if (escaping === 'allow-utf-8') text = `"${escapeLabelValue(name)}"`;
    else text = underscoreEscape(name, LABEL_CHAR);
    if (cache.size >= 4096) cache.clear();
    cache.set(name, text);
  }
  return text;
}
