import type { ExpositionFormat } from './exposition-format.js';

/**
 * Picks the format from an Accept header by media type and q-value, ignoring the other parameters
 * (`version`, Prometheus 3's `escaping`): a strict parameter match would turn down every OpenMetrics
 * request Prometheus makes. The first of equal q-values wins; nothing usable means Prometheus text.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  let best: ExpositionFormat = 'prometheus';
  let bestQ = 0;
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const format = formatOf(type);
    if (format === undefined) continue;
    let q = 1;
    for (const param of params) {
      if (param.startsWith('q=')) q = Number(param.slice(2));
    }
    if (q > bestQ) {
      best = format;
      bestQ = q;
    }
  }
  return best;
}

function formatOf(mediaType: string): ExpositionFormat | undefined {
  if (mediaType === 'application/openmetrics-text') return 'openmetrics';
  if (mediaType === 'text/plain' || mediaType === 'text/*' || mediaType === '*/*') return 'prometheus';
  return undefined;
}
