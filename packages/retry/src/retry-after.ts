/**
 * Reads a `retryAfter` hint from a thrown error and turns it into a wait in ms:
 * - a number is milliseconds;
 * - a Date is the moment to retry at;
 * - a string is an HTTP `Retry-After` header value: delta-seconds (`"120"`) or an HTTP-date.
 * Anything else, or a value that does not parse, is no hint (undefined). Past moments give 0.
 */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfter' in error)) return undefined;
  const hint = error.retryAfter;
  if (typeof hint === 'number') return Number.isFinite(hint) && hint >= 0 ? hint : undefined;
  if (hint instanceof Date) return untilDate(hint.getTime(), now);
  if (typeof hint === 'string') {
    const text = hint.trim();
    if (/^\d+$/.test(text)) return Number(text) * 1000;
    return untilDate(Date.parse(text), now);
  }
  return undefined;
}

function untilDate(at: number, now: number): number | undefined {
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
