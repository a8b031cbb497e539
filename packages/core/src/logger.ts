/** One log method, in pino's calling convention: `log.info({ key }, 'message')` or `log.info('message')`. */
export interface LogFn {
  (bindings: object, message?: string): void;
  (message: string): void;
}

/** The logging surface core needs; a pino logger (and @outrider/logger) satisfies it. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const ignore: LogFn = () => {};

/** A logger that drops everything: the default where none is given. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
};
