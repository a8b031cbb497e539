import type { NameEscaping } from './name-escaping.js';

/** The two text formats `/metrics` speaks. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
/** Text format 1.0.0 is the Prometheus text format that may carry quoted UTF-8 names. */
export const PROMETHEUS_UTF8_CONTENT_TYPE = 'text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8';
export const OPENMETRICS_UTF8_CONTENT_TYPE = `${OPENMETRICS_CONTENT_TYPE}; escaping=allow-utf-8`;

export function contentTypeOf(format: ExpositionFormat, escaping: NameEscaping = 'underscores'): string {
  if (escaping === 'allow-utf-8') {
    return format === 'openmetrics' ? OPENMETRICS_UTF8_CONTENT_TYPE : PROMETHEUS_UTF8_CONTENT_TYPE;
  }
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
}
