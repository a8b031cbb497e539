import type { ErrorCode } from './error-codes.js';

export interface OutriderErrorOptions {
  /** The module or plugin the error belongs to. */
  module?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Structured detail safe to log (never secrets). */
  details?: Readonly<Record<string, unknown>>;
  /** A retry cannot fix it (a port in use, permission denied): a module failing so is not restarted. */
  permanent?: boolean;
}

/**
 * The one error type Outrider throws: a stable `code`, the module it concerns, and its cause. The
 * constructor takes @outrider/core's own codes; a package raises its codes through its catalog
 * (`defineErrorCodes(...).create`).
 */
export class OutriderError extends Error {
  override readonly name = 'OutriderError';
  readonly code: string;
  readonly module: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly permanent: boolean;

  constructor(code: ErrorCode, message: string, options: OutriderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.module = options.module;
    this.details = options.details ?? {};
    this.permanent = options.permanent ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.module === undefined ? {} : { module: this.module }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
    };
  }
}

export function isOutriderError(value: unknown, code?: string): value is OutriderError {
  return value instanceof OutriderError && (code === undefined || value.code === code);
}

/** Normalizes anything thrown into an Error, keeping Errors as they are. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : `Non-error thrown: ${String(value)}`);
}
