import type { ErrorCode } from './error-codes.js';
import { OutriderError, type OutriderErrorOptions } from './errors.js';

/** What a code means, and the HTTP status an API answers with where one applies. */
export interface ErrorCodeSpec {
  readonly summary: string;
  readonly status?: number;
}

/**
 * The error codes one package owns, and the one way that package makes errors with them. Codes are
 * `OUTRIDER_*` for first-party packages; a third-party plugin defines its own the same way.
 */
export interface ErrorCatalog<Code extends string> {
  /** The package that owns the codes, e.g. `@outrider/cache`. */
  readonly owner: string;
  readonly codes: Readonly<Record<Code, ErrorCodeSpec>>;
  /** An OutriderError with one of this catalog's codes. */
  create(code: Code, message: string, options?: OutriderErrorOptions): OutriderError;
  /** The HTTP status of `code`, when the catalog gives one. */
  status(code: string): number | undefined;
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Defines the codes `owner` raises: `{ CODE: 'summary' }` or `{ CODE: { summary, status } }`. */
export function defineErrorCodes<const Codes extends Record<string, string | ErrorCodeSpec>>(
  owner: string,
  codes: Codes,
): ErrorCatalog<Extract<keyof Codes, string>> {
  type Code = Extract<keyof Codes, string>;
  const specs = {} as Record<Code, ErrorCodeSpec>;
  for (const [code, spec] of Object.entries(codes)) {
    if (!CODE.test(code)) throw new TypeError(`${owner}: error code "${code}" is not UPPER_SNAKE_CASE`);
    specs[code as Code] = Object.freeze(typeof spec === 'string' ? { summary: spec } : { ...spec });
  }
  Object.freeze(specs);
  return {
    owner,
    codes: specs,
    // The constructor's type admits core's codes only, so that other packages go through a catalog.
    create: (code, message, options) => new OutriderError(code as string as ErrorCode, message, options),
    status: (code) => (Object.hasOwn(specs, code) ? specs[code as Code].status : undefined),
  };
}
