import { type Duration, OutriderError, parseDuration } from '@outrider/core';

function invalid(name: string, expected: string, value: unknown): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `${name} must be ${expected}, got ${JSON.stringify(value)}`, {
    details: { option: name },
  });
}

/** A whole number ≥ `min`; `fallback` when undefined. */
export function integerOption(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw invalid(name, `an integer ≥ ${min}`, value);
  return value;
}

/** A duration in ms (core's parseDuration), at least `min`; `fallback` when undefined. */
export function durationOption(name: string, value: Duration | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value, name);
  if (ms < min) throw invalid(name, `a duration of at least ${min} ms`, value);
  return ms;
}

/** One key or a list of keys, each a non-empty string; returns them without duplicates. */
export function keyList(name: string, keys: string | readonly string[]): string[] {
  const list = typeof keys === 'string' ? [keys] : keys;
  if (!Array.isArray(list)) throw invalid(name, 'a string or an array of strings', keys);
  for (const key of list) if (typeof key !== 'string' || key === '') throw invalid(name, 'non-empty strings', key);
  return [...new Set(list)];
}

export function nonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid(name, 'a non-empty string', value);
  return value;
}

export function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw invalid(name, `one of ${allowed.join(', ')}`, value);
  return value;
}
