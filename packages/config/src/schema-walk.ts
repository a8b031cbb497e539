import type { z } from 'zod';
import { type ConfigFieldMeta, configMeta } from './schema-meta.js';

/** A zod schema seen through its internal definition, which is what walking it needs. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  items?: z.ZodType[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema under its optional/default/nullable/pipe wrappers, with the metadata met on the way. */
export function unwrap(schema: z.ZodType): { schema: z.ZodType; meta: ConfigFieldMeta } {
  let current = schema;
  let meta: ConfigFieldMeta = { ...configMeta.get(current) };
  for (;;) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (next === undefined) return { schema: current, meta };
    current = next;
    meta = { ...configMeta.get(current), ...meta };
  }
}

export function kindOf(schema: z.ZodType): string {
  return defOf(schema).type;
}

/** The schema one level down: an object key, an array element or a record value. */
export function childSchema(schema: z.ZodType, key: string): z.ZodType | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return def.shape?.[key];
    case 'array':
      return /^\d+$/.test(key) ? def.element : undefined;
    case 'tuple':
      return /^\d+$/.test(key) ? def.items?.[Number(key)] : undefined;
    case 'record':
      return def.valueType;
    default:
      return undefined;
  }
}

export function objectKeys(schema: z.ZodType): string[] | undefined {
  const def = defOf(schema);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : undefined;
}

export interface SchemaLocation {
  /** The unwrapped schema at the path, or undefined when the schema does not describe it. */
  schema: z.ZodType | undefined;
  /** Marks inherited from any enclosing field (a secret object makes every field under it secret). */
  meta: ConfigFieldMeta;
}

/** Finds what the schema says about `segments`, inheriting marks from the enclosing fields. */
export function locate(root: z.ZodType, segments: readonly string[]): SchemaLocation {
  const { schema, meta } = unwrap(root);
  return locateFrom(schema, { ...meta }, meta, segments);
}

function locateFrom(
  schema: z.ZodType,
  inherited: ConfigFieldMeta,
  own: ConfigFieldMeta,
  segments: readonly string[],
): SchemaLocation {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    return {
      schema,
      meta: {
        ...inherited,
        ...(own.duration ? { duration: true } : {}),
        ...(own.secretUrl ? { secretUrl: true } : {}),
      },
    };
  }
  const options = defOf(schema).type === 'union' ? (defOf(schema).options ?? []) : undefined;
  if (options !== undefined) {
    // A value under a union may be any option's: a mark in any of them applies.
    const found = options
      .map((option) => {
        const { schema: inner, meta } = unwrap(option);
        return locateFrom(inner, mergeInherited(inherited, meta), meta, segments);
      })
      .filter((location) => location.schema !== undefined);
    if (found.length === 0) return { schema: undefined, meta: inherited };
    return {
      schema: found[0]?.schema,
      meta: Object.assign({}, ...found.map((location) => pickTrue(location.meta))) as ConfigFieldMeta,
    };
  }
  const child = childSchema(schema, segment);
  if (child === undefined) return { schema: undefined, meta: inherited };
  const { schema: inner, meta } = unwrap(child);
  return locateFrom(inner, mergeInherited(inherited, meta), meta, rest);
}

function mergeInherited(inherited: ConfigFieldMeta, meta: ConfigFieldMeta): ConfigFieldMeta {
  return {
    ...inherited,
    ...(meta.secret ? { secret: true } : {}),
    ...(meta.restartRequired ? { restartRequired: true } : {}),
  };
}

function pickTrue(meta: ConfigFieldMeta): ConfigFieldMeta {
  return Object.fromEntries(Object.entries(meta).filter(([, value]) => value === true));
}

/** Every path the schema marks with `flag`; `*` stands for any array index or record key. */
export function markedPaths(root: z.ZodType, flag: 'secret' | 'secretUrl' | 'restartRequired'): string[] {
  const found: string[] = [];
  const walk = (schema: z.ZodType, path: string[], depth: number): void => {
    const { schema: inner, meta } = unwrap(schema);
    if (meta[flag] && path.length > 0) {
      found.push(path.join('.'));
      return;
    }
    if (depth > 16) return;
    const def = defOf(inner);
    if (def.type === 'object') {
      for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, [...path, key], depth + 1);
    } else if (def.type === 'array' && def.element) {
      walk(def.element, [...path, '*'], depth + 1);
    } else if (def.type === 'record' && def.valueType) {
      walk(def.valueType, [...path, '*'], depth + 1);
    } else if (def.type === 'union') {
      for (const option of def.options ?? []) walk(option, path, depth + 1);
    }
  };
  walk(root, [], 0);
  return [...new Set(found)];
}

/** The object schemas a schema may be: itself, or each object option of a union. */
function objectOptions(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'object') return [schema];
  if (def.type !== 'union') return [];
  return (def.options ?? []).flatMap((option) => objectOptions(unwrap(option).schema));
}

/**
 * The keys the schema knows for the object at `segments` (for "did you mean"); through a union,
 * the keys of every object option. Undefined where the schema does not describe the path.
 */
export function knownKeys(root: z.ZodType, segments: readonly string[]): string[] | undefined {
  let candidates = [unwrap(root).schema];
  for (const segment of segments) {
    candidates = candidates.flatMap((candidate) => {
      const options = defOf(candidate).type === 'union' ? objectOptions(candidate) : [candidate];
      return options.flatMap((option) => {
        const child = childSchema(option, segment);
        return child === undefined ? [] : [unwrap(child).schema];
      });
    });
    if (candidates.length === 0) return undefined;
  }
  const keys = candidates.flatMap(objectOptions).flatMap((option) => Object.keys(defOf(option).shape ?? {}));
  return [...new Set(keys)];
}

/** The literal values a discriminated union at `segments` accepts for `key` (`"http"`, `"command"`). */
export function discriminatorValues(root: z.ZodType, segments: readonly string[], key: string): unknown[] {
  let schema: z.ZodType | undefined = unwrap(root).schema;
  for (const segment of segments) {
    const child: z.ZodType | undefined = schema === undefined ? undefined : childSchema(schema, segment);
    schema = child === undefined ? undefined : unwrap(child).schema;
  }
  if (schema === undefined) return [];
  return objectOptions(schema).flatMap((option) => {
    const field = defOf(option).shape?.[key];
    const values = field === undefined ? undefined : (defOf(unwrap(field).schema) as { values?: unknown[] }).values;
    return values ?? [];
  });
}
