import type { DiagLogger } from '@opentelemetry/api';
import type { Logger } from '@outrider/core';

function fields(args: unknown[]): object {
  if (args.length === 0) return {};
  return { otel: args.map((arg) => (arg instanceof Error ? { message: arg.message, name: arg.name } : arg)) };
}

/** OpenTelemetry's diagnostics (a failed export, a dropped span) as lines of an Outrider logger. */
export function diagLoggerFor(logger: Logger): DiagLogger {
  return {
    error: (message, ...args) => logger.error(fields(args), message),
    warn: (message, ...args) => logger.warn(fields(args), message),
    info: (message, ...args) => logger.info(fields(args), message),
    debug: (message, ...args) => logger.debug(fields(args), message),
    verbose: (message, ...args) => logger.debug(fields(args), message),
  };
}
