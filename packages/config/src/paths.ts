type Leaf =
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined
  | Date
  | RegExp
  | ((...args: never[]) => unknown);
type Deeper = [never, 0, 1, 2, 3, 4, 5, 6, 7];

/** Every dot path into `T` (`server.port`, `targets.0.url`), up to 8 levels deep. */
export type ConfigPath<T, Depth extends number = 8> = [Depth] extends [never]
  ? never
  : T extends Leaf
    ? never
    : T extends readonly (infer Element)[]
      ? `${number}` | `${number}.${ConfigPath<NonNullable<Element>, Deeper[Depth]>}`
      : T extends object
        ? {
            [K in keyof T & string]: K | `${K}.${ConfigPath<NonNullable<T[K]>, Deeper[Depth]>}`;
          }[keyof T & string]
        : never;

/** The type found at dot path `P` in `T`; `undefined` joins in where an optional level is crossed. */
export type ConfigValue<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? T extends readonly (infer Element)[]
    ? Head extends `${number}`
      ? ConfigValue<Element, Rest> | undefined
      : never
    : string extends keyof T
      ? ConfigValue<T[string & keyof T], Rest> | undefined
      : Head extends keyof T
        ? undefined extends T[Head]
          ? ConfigValue<NonNullable<T[Head]>, Rest> | undefined
          : ConfigValue<T[Head], Rest>
        : never
  : T extends readonly (infer Element)[]
    ? P extends `${number}`
      ? Element | undefined
      : never
    : string extends keyof T
      ? T[string & keyof T] | undefined
      : P extends keyof T
        ? T[P]
        : never;

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function getAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Sets a value, creating plain objects on the way; mutates `root`. */
export function setAt(root: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let current: Record<string, unknown> = root;
  for (const [index, segment] of segments.entries()) {
    if (index === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (next === null || typeof next !== 'object') current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
}

/** Deep-merges plain objects; arrays and everything else from `over` replace what is in `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/** Every leaf path of a value (arrays count as leaves: they are replaced whole). */
export function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!isPlainObject(value)) return [prefix];
  const entries = Object.entries(value);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/** The dot paths whose values differ between two configs, at the deepest level that differs. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (Object.is(before, after)) return [];
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => changedPaths(before[key], after[key], join(key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && JSON.stringify(before) === JSON.stringify(after)) return [];
  return [prefix];
}

/** True when one path is the other or lies under it (`cache` and `cache.ttl` overlap). */
export function overlaps(a: string, b: string): boolean {
  return a === b || a === '' || b === '' || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
