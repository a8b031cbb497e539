import type { IncomingMessage } from 'node:http';
import type { OutriderError } from '@outrider/core';
import type { Context } from 'koa';
import { httpErrors } from './error-codes.js';

export interface ReadBodyOptions {
  limitBytes: number;
  /** A JSON route: a body of another content type is 415. Otherwise (plugin routes) it is left unread. */
  jsonOnly: boolean;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The request's JSON body, or undefined when there is none (or, off JSON routes, when it is not
 * JSON). Malformed JSON is OUTRIDER_HTTP_BAD_REQUEST (400), a body over the limit
 * OUTRIDER_HTTP_BODY_TOO_LARGE (413) — decided from Content-Length before reading when it is given.
 */
export async function readJsonBody(ctx: Context, options: ReadBodyOptions): Promise<unknown> {
  if (!hasBody(ctx.req)) return undefined;
  if (!ctx.is('application/json', '+json')) {
    if (!options.jsonOnly) return undefined;
    throw httpErrors.create(
      'OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE',
      `this route takes application/json, got ${ctx.get('Content-Type') || 'no Content-Type'}`,
    );
  }
  // Loaded on the first body: co-body brings qs, type-is and another mime-db (about 30 modules) that
  // a server never asked for a body never needs.
  const { default: coBody } = await import('co-body');
  try {
    return await coBody.json(ctx.req, { limit: options.limitBytes, strict: false });
  } catch (error) {
    throw bodyError(error, options.limitBytes);
  }
}

function bodyError(error: unknown, limitBytes: number): OutriderError {
  const status = (error as { status?: unknown }).status;
  if (status === 413) {
    return httpErrors.create('OUTRIDER_HTTP_BODY_TOO_LARGE', `request body is larger than ${limitBytes} bytes`);
  }
  if (status === 415) {
    return httpErrors.create(
      'OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE',
      'request body has an unsupported Content-Encoding',
    );
  }
  return httpErrors.create('OUTRIDER_HTTP_BAD_REQUEST', 'request body is not valid JSON', { cause: error });
}
