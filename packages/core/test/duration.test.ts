import { describe, expect, it } from 'vitest';
import { type Duration, formatDuration, OutriderError, parseDuration } from '../src/index.js';

describe('parseDuration', () => {
  it.each<[Duration, number]>([
    ['500ms', 500],
    ['31s', 31_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    [' 31s ' as Duration, 31_000],
    [1500, 1500],
    [0, 0],
    ['0s', 0],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input, 'timeout')).toBe(ms);
  });

  it.each<[unknown, string]>([
    ['5', '"5"'],
    ['five minutes', '"five minutes"'],
    ['', '""'],
    ['1h 30m', '"1h 30m"'],
    ['31x', '"31x"'],
    ['-5s', '"-5s"'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [null, 'null'],
    [{}, 'object'],
  ])('%j is OUTRIDER_INVALID_ARGUMENT naming the option, what it expected and what it got', (input, received) => {
    let thrown: unknown;
    try {
      parseDuration(input as Duration, 'retry.timeout');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OutriderError);
    const error = thrown as OutriderError;
    expect(error.code).toBe('OUTRIDER_INVALID_ARGUMENT');
    expect(error.details).toEqual({ option: 'retry.timeout' });
    expect(error.message).toMatch(
      /^retry\.timeout: expected a duration like '500ms', '31s', .* or a number of ms ≥ 0, /,
    );
    expect(error.message.endsWith(`got ${received}`)).toBe(true);
  });

  it('formats back to the shortest text', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(307_000)).toBe('5m7s');
    expect(formatDuration(1_500)).toBe('1s500ms');
    expect(formatDuration(0)).toBe('0s');
    expect(parseDuration(formatDuration(93_784_005) as Duration, 'x')).toBe(93_784_005);
  });
});
