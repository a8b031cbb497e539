import type { z } from 'zod';
import { editDistance } from './nearest.js';
import { setAt } from './paths.js';
import { redactUrl } from './redact-url.js';
import { childSchema, kindOf, locate, objectKeys, unwrap } from './schema-walk.js';

export interface EnvOverlay {
  /** The values the environment sets, nested like the config. */
  data: Record<string, unknown>;
  /** Which variable set each path. */
  variables: Map<string, string>;
  /** Variables that name a field but whose value does not parse as its type. */
  problems: EnvProblem[];
  /** Variables under the prefix that name no field, each with the nearest valid name. */
  unknown: UnknownVariable[];
}

export interface EnvProblem {
  variable: string;
  path: string;
  /** What the field takes: `a number`, `a boolean (true/false, 1/0, yes/no, on/off)`. */
  expected: string;
  /** The value, quoted, or a note that it is secret. */
  received: string;
}

export interface UnknownVariable {
  variable: string;
  /** The valid variable name closest to it. */
  suggestion?: string;
}

const normalize = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** `maxBodyBytes` → `MAX_BODY_BYTES`. */
const envSegment = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();

/**
 * Maps `<PREFIX>_<PATH>` variables (`__` between levels) onto the schema: segments match keys
 * case-insensitively and ignoring `_` (`MAX_BODY_BYTES` → `maxBodyBytes`); record keys are taken
 * lowercased. Values parse as the field's type. Nothing throws: variables that do not parse are
 * `problems`, and variables that name no field are `unknown` (those under an object that takes
 * any key, such as a plugin's section, are left to whoever reads that section).
 */
export function readEnv(schema: z.ZodType, prefix: string, env: NodeJS.ProcessEnv): EnvOverlay {
  const data: Record<string, unknown> = {};
  const variables = new Map<string, string>();
  const problems: EnvProblem[] = [];
  const unknown: UnknownVariable[] = [];
  const start = `${prefix}_`;
  let names: string[] | undefined;

  for (const variable of Object.keys(env).sort()) {
    const raw = env[variable];
    if (!variable.startsWith(start) || raw === undefined) continue;
    const resolved = resolveSegments(schema, variable.slice(start.length).split('__'));
    if (resolved === 'open') continue;
    if (resolved === 'unknown') {
      names ??= variableNames(schema, start);
      const suggestion = nearestName(variable, names);
      unknown.push({ variable, ...(suggestion === undefined ? {} : { suggestion }) });
      continue;
    }
    const segments = resolved;
    const path = segments.join('.');
    const { schema: field, meta } = locate(schema, segments);
    const shown = meta.secret ? 'a value (secret, not shown)' : JSON.stringify(meta.secretUrl ? redactUrl(raw) : raw);
    const parsed = parseValue(raw, field, meta.duration === true);
    if ('expected' in parsed) {
      problems.push({ variable, path, expected: parsed.expected, received: shown });
      continue;
    }
    setAt(data, segments, parsed.value);
    variables.set(path, variable);
  }
  return { data, variables, problems, unknown };
}

/** Every variable name the schema's fields give, down through objects (records and lists end a name). */
function variableNames(schema: z.ZodType, start: string): string[] {
  const names: string[] = [];
  const walk = (current: z.ZodType, name: string, depth: number) => {
    const keys = objectKeys(current);
    if (keys === undefined || depth > 8) return;
    for (const key of keys) {
      const child = childSchema(current, key);
      const full = `${name}${name === start ? '' : '__'}${envSegment(key)}`;
      names.push(full);
      if (child !== undefined) walk(unwrap(child).schema, full, depth + 1);
    }
  };
  walk(unwrap(schema).schema, start, 0);
  return names;
}

function nearestName(variable: string, names: readonly string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const score = editDistance(variable, name);
    if (best === undefined || score < best.score) best = { name, score };
  }
  return best?.name;
}

function resolveSegments(root: z.ZodType, parts: string[]): string[] | 'unknown' | 'open' {
  const segments: string[] = [];
  let current: z.ZodType | undefined = unwrap(root).schema;
  for (const part of parts) {
    if (current === undefined || part === '') return 'unknown';
    const keys = objectKeys(current);
    const key = keys === undefined ? part.toLowerCase() : keys.find((k) => normalize(k) === normalize(part));
    if (key === undefined) return acceptsAnyKey(current) ? 'open' : 'unknown';
    segments.push(key);
    const child = childSchema(current, key);
    current = child === undefined ? undefined : unwrap(child).schema;
  }
  return current === undefined ? 'unknown' : segments;
}

/** An object whose unknown keys are kept (`z.looseObject`): someone else reads them. */
function acceptsAnyKey(schema: z.ZodType): boolean {
  const catchall = (schema as unknown as { _zod: { def: { catchall?: z.ZodType } } })._zod.def.catchall;
  return catchall !== undefined && kindOf(catchall) !== 'never';
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseValue(
  raw: string,
  field: z.ZodType | undefined,
  isDuration: boolean,
): { value: unknown } | { expected: string } {
  const text = raw.trim();
  // A variable's text is a number of ms when it is digits alone; the schema's duration() reads the rest.
  if (isDuration) return { value: /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : text };
  switch (field === undefined ? 'unknown' : kindOf(field)) {
    case 'number':
    case 'int': {
      const value = Number(text);
      return text === '' || Number.isNaN(value) ? { expected: 'a number' } : { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { expected: 'a boolean (true/false, 1/0, yes/no, on/off)' };
    }
    case 'object':
    case 'array':
    case 'record':
    case 'tuple':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { expected: 'JSON' };
      }
    default:
      return { value: raw };
  }
}
