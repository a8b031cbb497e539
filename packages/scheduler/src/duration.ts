import { OutriderError } from '@outrider/core';

/** A span of time: a number of milliseconds, or text such as `'500ms'`, `'31s'`, `'5m'`, `'1h30m'`, `'1d'`. */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Milliseconds in `value`. Throws OUTRIDER_INVALID_ARGUMENT for anything else, including negative
 * numbers, NaN and unknown units; `what` names the option in the message.
 */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (WHOLE.test(text)) {
      let total = 0;
      for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
      return Math.round(total);
    }
  }
  throw new OutriderError(
    'OUTRIDER_INVALID_ARGUMENT',
    `${what}: expected a duration such as 500, '31s', '5m' or '1h30m', got ${JSON.stringify(value)}`,
    { details: { option: what } },
  );
}

/** `31000` → `'31s'`, `5400000` → `'1h30m'`: the shortest text parseDuration reads back. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] as number;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
