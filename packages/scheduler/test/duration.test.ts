import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/index.js';

describe('durations', () => {
  it.each([
    ['31s', 31_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['1d', 86_400_000],
    [250, 250],
    [0, 0],
  ])('%s is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([['-5s'], ['5'], ['five minutes'], [''], ['1h 30m'], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    '%s is OUTRIDER_INVALID_ARGUMENT',
    (input) => {
      expect(() => parseDuration(input, 'every')).toThrow(
        expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'every' } }),
      );
    },
  );

  it('formats back to the shortest text', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(307_000)).toBe('5m7s');
    expect(formatDuration(1_500)).toBe('1s500ms');
    expect(parseDuration(formatDuration(93_784_005))).toBe(93_784_005);
  });
});
