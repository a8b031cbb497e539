import type { z } from 'zod';
import { isPlainObject } from './paths.js';
import { locate } from './schema-walk.js';

export const REDACTED = '***';

/** Whether the schema marks `path` (or a field enclosing it) secret. */
export function isSecretPath(schema: z.ZodType, segments: readonly string[]): boolean {
  return locate(schema, segments).meta.secret === true;
}

/** A copy of `value` with every field the schema marks secret replaced by `***`. */
export function redactConfig(schema: z.ZodType, value: unknown, path: string[] = []): unknown {
  if (path.length > 0 && value !== undefined && isSecretPath(schema, path)) return REDACTED;
  if (Array.isArray(value)) return value.map((item, index) => redactConfig(schema, item, [...path, String(index)]));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = redactConfig(schema, child, [...path, key]);
  return copy;
}
