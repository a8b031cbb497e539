import type { z } from 'zod';
import { isPlainObject } from './paths.js';
import { redactUrl } from './redact-url.js';
import { REDACTED } from './redacted.js';
import { locate } from './schema-walk.js';

export { REDACTED };

/** Whether the schema marks `path` (or a field enclosing it) secret. */
export function isSecretPath(schema: z.ZodType, segments: readonly string[]): boolean {
  return locate(schema, segments).meta.secret === true;
}

/**
 * What `value` at `segments` may be shown as: `***` for a secret field, a URL with its credentials
 * masked for a `secretUrl` field, else `value` itself (objects are not walked: see redactConfig).
 */
export function redactLeaf(schema: z.ZodType, segments: readonly string[], value: unknown): unknown {
  if (value === undefined) return value;
  const { meta } = locate(schema, segments);
  if (meta.secret) return REDACTED;
  if (meta.secretUrl) return typeof value === 'string' ? redactUrl(value) : REDACTED;
  return value;
}

/** A copy of `value` with every field the schema marks secret replaced by `***`, and URL credentials masked. */
export function redactConfig(schema: z.ZodType, value: unknown, path: string[] = []): unknown {
  if (path.length > 0) {
    const shown = redactLeaf(schema, path, value);
    if (shown !== value) return shown;
  }
  if (Array.isArray(value)) return value.map((item, index) => redactConfig(schema, item, [...path, String(index)]));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = redactConfig(schema, child, [...path, key]);
  return copy;
}
