import { isOutriderError, toError } from '@outrider/core';
import { EXIT, type Io } from './command.js';

const CONFIG_CODES = [
  'OUTRIDER_CONFIG_INVALID',
  'OUTRIDER_CONFIG_NOT_FOUND',
  'OUTRIDER_CONFIG_UNREADABLE',
  'OUTRIDER_CONFIG_SYNTAX',
  'OUTRIDER_CONFIG_ENV_INVALID',
  'OUTRIDER_PLUGIN_NOT_FOUND',
  'OUTRIDER_PLUGIN_INVALID',
] as const;

/** Prints a config error (every problem, with path and source) and returns EX_CONFIG; other errors return 1. */
export function reportStartupError(error: unknown, io: Io): number {
  if (CONFIG_CODES.some((code) => isOutriderError(error, code))) {
    io.err(`outrider: ${toError(error).message}\n`);
    return EXIT.config;
  }
  io.err(`outrider: ${toError(error).stack ?? String(error)}\n`);
  return EXIT.failure;
}
