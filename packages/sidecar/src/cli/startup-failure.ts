import { isOutriderError } from '@outrider/core';
import { EXIT } from './command.js';

interface SystemError extends Error {
  code: string;
  address?: string;
  port?: number;
  path?: string;
}

function systemErrorIn(error: unknown): SystemError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 16; depth++) {
    if (typeof (current as Partial<SystemError>).code === 'string' && !isOutriderError(current)) {
      return current as SystemError;
    }
    current = current.cause;
  }
  return undefined;
}

/** What no retry can fix, said once: `127.0.0.1:9464 is already in use (module http)`. */
function describe(module: string, error: Error): { text: string; code: number } {
  const system = systemErrorIn(error);
  const where = system?.port === undefined ? undefined : `${system.address ?? ''}:${system.port}`;
  const hint = module === 'http' ? '; set server.port or --port' : '';
  switch (system?.code) {
    case 'EADDRINUSE':
      return { text: `${where} is already in use (module ${module}${hint})`, code: EXIT.unavailable };
    case 'EACCES':
    case 'EPERM':
      return {
        text: `permission denied ${where === undefined ? `on ${system.path ?? 'a path'}` : `to listen on ${where}`} (module ${module})`,
        code: EXIT.noPermission,
      };
    case 'EADDRNOTAVAIL':
      return {
        text: `${system.address ?? where} is not an address of this machine (module ${module}${hint})`,
        code: EXIT.config,
      };
    default:
      return { text: `${(error.message.split('\n')[0] ?? '').trim()} (module ${module})`, code: EXIT.config };
  }
}

/**
 * One line and one exit code for the modules whose start failed for good: a port in use is 69
 * (EX_UNAVAILABLE), permission denied 77 (EX_NOPERM), anything else 78 (EX_CONFIG).
 */
export function startupFailure(failures: ReadonlyMap<string, Error>): { line: string; code: number } {
  const described = [...failures].map(([module, error]) => describe(module, error));
  const code = described.some((d) => d.code === EXIT.unavailable)
    ? EXIT.unavailable
    : described.some((d) => d.code === EXIT.noPermission)
      ? EXIT.noPermission
      : EXIT.config;
  return { line: `outrider: cannot start: ${described.map((d) => d.text).join('; ')}\n`, code };
}
