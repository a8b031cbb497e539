import type { OutriderError } from '@outrider/core';
import { wsErrors } from './error-codes.js';

/** Parses an upstream message that must be a JSON object, or throws OUTRIDER_WS_PROTOCOL. */
export function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw protocolError('message is not JSON', text, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw protocolError('message is not a JSON object', text);
  }
  return value as Record<string, unknown>;
}

/** An OUTRIDER_WS_PROTOCOL error carrying the start of the offending message. */
export function protocolError(reason: string, text: string, cause?: unknown): OutriderError {
  return wsErrors.create('OUTRIDER_WS_PROTOCOL', `upstream message could not be decoded: ${reason}`, {
    cause,
    details: { sample: text.slice(0, 200) },
  });
}
