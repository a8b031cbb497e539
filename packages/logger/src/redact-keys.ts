/** Key names redacted at any depth unless turned off: `password`, `secret`, `token`, `authorization`, `cookie`. */
export const DEFAULT_SENSITIVE_KEYS = /passw(?:or)?d|secret|token|authori[sz]ation|cookie/i;

const MAX_DEPTH = 8;
const MAX_CACHED_KEYS = 2048;

/**
 * Builds a function that returns `value` with every property whose key matches `pattern` replaced
 * by `censor`, at any depth in plain objects and arrays. Copy-on-write: the caller's object is never
 * changed, and an object without sensitive keys is returned as is (no allocation).
 */
export function keyRedactor(pattern: RegExp, censor: string): <T>(value: T) => T {
  const verdicts = new Map<string, boolean>();
  const sensitive = (key: string): boolean => {
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = pattern.test(key);
      if (verdicts.size >= MAX_CACHED_KEYS) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return verdict;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item === null || typeof item !== 'object') continue;
        const next = walk(item, depth + 1);
        if (next !== item) {
          copy ??= value.slice();
          copy[i] = next;
        }
      }
      return copy ?? value;
    }
    const proto = Object.getPrototypeOf(value);
    if (depth > MAX_DEPTH || (proto !== Object.prototype && proto !== null)) return value;
    const object = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in object) {
      const child = object[key];
      let next = child;
      if (sensitive(key)) {
        if (child !== undefined) next = censor;
      } else if (child !== null && typeof child === 'object') {
        next = walk(child, depth + 1);
      }
      if (next !== child) {
        copy ??= { ...object };
        copy[key] = next;
      }
    }
    return copy ?? object;
  };

  return <T>(value: T): T => walk(value, 0) as T;
}
