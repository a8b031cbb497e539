import { OutriderError } from '@outrider/core';
import type { z } from 'zod';
import { setAt } from './paths.js';
import { redactUrl } from './redact-url.js';
import { parseDuration } from './schema-meta.js';
import { childSchema, kindOf, locate, objectKeys, unwrap } from './schema-walk.js';

export interface EnvOverlay {
  /** The values the environment sets, nested like the config. */
  data: Record<string, unknown>;
  /** Which variable set each path. */
  variables: Map<string, string>;
}

const normalize = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/**
 * Maps `<PREFIX>_<PATH>` variables (`__` between levels) onto the schema: segments match keys
 * case-insensitively and ignoring `_` (`MAX_BODY_BYTES` → `maxBodyBytes`); record keys are taken
 * lowercased. Variables that name no field are ignored. Values parse as the field's type; every
 * variable that does not parse is reported in one OUTRIDER_CONFIG_ENV_INVALID error.
 */
export function readEnv(schema: z.ZodType, prefix: string, env: NodeJS.ProcessEnv): EnvOverlay {
  const data: Record<string, unknown> = {};
  const variables = new Map<string, string>();
  const problems: { variable: string; path: string; message: string }[] = [];
  const start = `${prefix}_`;

  for (const variable of Object.keys(env).sort()) {
    const raw = env[variable];
    if (!variable.startsWith(start) || raw === undefined) continue;
    const segments = resolveSegments(schema, variable.slice(start.length).split('__'));
    if (segments === undefined) continue;
    const path = segments.join('.');
    const { schema: field, meta } = locate(schema, segments);
    const shown = meta.secret ? 'a value (secret, not shown)' : `"${meta.secretUrl ? redactUrl(raw) : raw}"`;
    const parsed = parseValue(raw, shown, field, meta.duration === true);
    if ('error' in parsed) {
      problems.push({ variable, path, message: parsed.error });
      continue;
    }
    setAt(data, segments, parsed.value);
    variables.set(path, variable);
  }

  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.variable} (${p.path}): ${p.message}`);
    throw new OutriderError(
      'OUTRIDER_CONFIG_ENV_INVALID',
      `environment variable${problems.length === 1 ? '' : 's'} do${problems.length === 1 ? 'es' : ''} not parse:\n${lines.join('\n')}`,
      { details: { problems } },
    );
  }
  return { data, variables };
}

function resolveSegments(root: z.ZodType, parts: string[]): string[] | undefined {
  const segments: string[] = [];
  let current: z.ZodType | undefined = unwrap(root).schema;
  for (const part of parts) {
    if (current === undefined || part === '') return undefined;
    const keys = objectKeys(current);
    const key = keys === undefined ? part.toLowerCase() : keys.find((k) => normalize(k) === normalize(part));
    if (key === undefined) return undefined;
    segments.push(key);
    const child = childSchema(current, key);
    current = child === undefined ? undefined : unwrap(child).schema;
  }
  return current === undefined ? undefined : segments;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseValue(
  raw: string,
  shown: string,
  field: z.ZodType | undefined,
  isDuration: boolean,
): { value: unknown } | { error: string } {
  const text = raw.trim();
  if (isDuration) {
    return parseDuration(text) === undefined
      ? { error: `expected a duration like 31s, 5m or 250ms, got ${shown}` }
      : { value: text };
  }
  switch (field === undefined ? 'unknown' : kindOf(field)) {
    case 'number':
    case 'int': {
      const value = Number(text);
      return text === '' || Number.isNaN(value) ? { error: `expected a number, got ${shown}` } : { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `expected a boolean (true/false, 1/0, yes/no, on/off), got ${shown}` };
    }
    case 'object':
    case 'array':
    case 'record':
    case 'tuple':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: `expected JSON, got ${shown}` };
      }
    default:
      return { value: raw };
  }
}
