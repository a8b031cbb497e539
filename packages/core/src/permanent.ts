import { isOutriderError } from './errors.js';

/** Errno codes no retry can fix: the port is taken, or the process may not use the port or path. */
const PERMANENT_ERRNO = new Set(['EADDRINUSE', 'EACCES', 'EPERM', 'EADDRNOTAVAIL']);

/**
 * True when an error, or any error in its `cause` chain, is one a restart cannot fix: an
 * OutriderError made with `permanent: true`, or a system error such as EADDRINUSE or EACCES.
 * The ModuleManager fails such a start at once instead of retrying it.
 */
export function isPermanentError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 16; depth++) {
    if (isOutriderError(current) && current.permanent) return true;
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && PERMANENT_ERRNO.has(code)) return true;
    current = current.cause;
  }
  return false;
}
