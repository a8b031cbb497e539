import { OutriderError } from '@outrider/core';

/** OUTRIDER_INVALID_ARGUMENT naming the offending option. */
export function invalid(where: string, option: string, message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `${where}: "${option}" ${message}`, { details: { option } });
}
