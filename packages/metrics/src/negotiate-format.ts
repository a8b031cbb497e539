import type { ExpositionFormat } from './exposition-format.js';
import type { NameEscaping } from './name-escaping.js';

export interface Negotiated {
  format: ExpositionFormat;
  /** `allow-utf-8` when the chosen media range says `escaping=allow-utf-8` (Prometheus 3), else `underscores`. */
  escaping: NameEscaping;
}

/**
 * Picks the format from an Accept header by media type and q-value, ignoring `version`: a strict
 * parameter match would turn down every OpenMetrics request Prometheus makes. The first of equal
 * q-values wins; nothing usable means Prometheus text. The chosen range's `escaping` parameter
 * decides whether UTF-8 names are sent quoted; any other escaping gets underscores.
 */
export function negotiate(accept: string | undefined): Negotiated {
  let best: Negotiated = { format: 'prometheus', escaping: 'underscores' };
  let bestQ = 0;
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const format = formatOf(type);
    if (format === undefined) continue;
    let q = 1;
    let escaping: NameEscaping = 'underscores';
    for (const param of params) {
      if (param.startsWith('q=')) q = Number(param.slice(2));
      else if (param.replaceAll(' ', '') === 'escaping=allow-utf-8') escaping = 'allow-utf-8';
    }
    if (q > bestQ) {
      best = { format, escaping };
      bestQ = q;
    }
  }
  return best;
}

/** {@link negotiate}'s format alone. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return negotiate(accept).format;
}

function formatOf(mediaType: string): ExpositionFormat | undefined {
  if (mediaType === 'application/openmetrics-text') return 'openmetrics';
  if (mediaType === 'text/plain' || mediaType === 'text/*' || mediaType === '*/*') return 'prometheus';
  return undefined;
}
