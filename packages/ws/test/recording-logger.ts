import type { Logger } from '@outrider/core';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  bindings: Record<string, unknown>;
  message: string | undefined;
}

/** A Logger that keeps every line, to assert what was logged. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (first: object | string, message?: string): void => {
      if (typeof first === 'string') lines.push({ level, bindings: {}, message: first });
      else lines.push({ level, bindings: first as Record<string, unknown>, message });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}
