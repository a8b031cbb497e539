import { type Duration, OutriderError, parseDuration } from '@outrider/core';

/** OUTRIDER_INVALID_ARGUMENT naming the offending option. */
export function invalid(where: string, option: string, message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `${where}: "${option}" ${message}`, { details: { option } });
}

/** `value` in ms by core's parseDuration, its error prefixed with `where` (which cache, which call). */
export function durationOption(where: string, option: string, value: Duration): number {
  try {
    return parseDuration(value, option);
  } catch (error) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `${where}: ${(error as Error).message}`, {
      details: { option },
    });
  }
}
