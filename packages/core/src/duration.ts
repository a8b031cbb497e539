import { OutriderError } from './errors.js';

/** The units a duration's text may use. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

type DurationPart = `${number}${DurationUnit}`;

/**
 * A span of time, as every time option takes it: a number of milliseconds, or text of up to three
 * parts such as `'500ms'`, `'31s'`, `'2m'`, `'1h30m'`, `'1d'` (parseDuration reads any number of parts).
 */
export type Duration =
  | number
  | DurationPart
  | `${DurationPart}${DurationPart}`
  | `${DurationPart}${DurationPart}${DurationPart}`;

const UNIT_MS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** What a bad duration is told it should have been. */
const EXPECTED = "a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0";

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : typeof value;
}

/**
 * Milliseconds in `value`: a finite number ≥ 0 as it is, text as the sum of its parts (`'1h30m'`),
 * rounded to a whole ms. Anything else (a negative or non-finite number, text without a unit or
 * with an unknown one) throws OUTRIDER_INVALID_ARGUMENT naming `what`, the option it was given as.
 */
export function parseDuration(value: Duration, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (WHOLE.test(text)) {
      let total = 0;
      for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as DurationUnit];
      return Math.round(total);
    }
  }
  throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `${what}: expected ${EXPECTED}, got ${shown(value)}`, {
    details: { option: what },
  });
}

/** `31000` → `'31s'`, `5400000` → `'1h30m'`: the shortest text parseDuration reads back. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * UNIT_MS[unit];
    }
  }
  return text;
}
