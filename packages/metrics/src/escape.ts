const NEEDS_HELP_ESCAPE = /[\\\n]/;
const NEEDS_HELP_ESCAPE_OPENMETRICS = /[\\\n"]/;
const NEEDS_LABEL_ESCAPE = /[\\\n"]/;

/** HELP text: backslash and line feed escaped; OpenMetrics also escapes double quotes. */
export function escapeHelp(text: string, openMetrics: boolean): string {
  if (!(openMetrics ? NEEDS_HELP_ESCAPE_OPENMETRICS : NEEDS_HELP_ESCAPE).test(text)) return text;
  const escaped = text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
  return openMetrics ? escaped.replaceAll('"', '\\"') : escaped;
}

/** A label value inside double quotes: backslash, double quote and line feed escaped (both formats). */
export function escapeLabelValue(value: unknown): string {
  if (typeof value === 'number') return formatValue(value);
  const text = typeof value === 'string' ? value : String(value);
  if (!NEEDS_LABEL_ESCAPE.test(text)) return text;
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

/** A sample value: Go's float syntax, with `NaN`, `+Inf` and `-Inf` spelled as the formats require. */
export function formatValue(value: number): string {
  if (Number.isFinite(value)) return `${value}`;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
