import { z } from 'zod';

/** What Outrider knows about a config field beyond its zod type. */
export interface ConfigFieldMeta {
  /** Redacted (`***`) in `print()`, in validation errors and in logs. */
  secret?: boolean;
  /**
   * A URL whose userinfo (`user:pass@`) and credential-like query parameters (`api_key=`, `token=`,
   * `password=`…) are secret: they are shown as `***`, the rest of the URL stays readable.
   */
  secretUrl?: boolean;
  /** A hot reload cannot apply a change here; the old value stays until the process restarts. */
  restartRequired?: boolean;
  /** Accepts `31s`, `5m`, `1h30m`, `250ms` or a number of ms; parsed to ms. */
  duration?: boolean;
}

/** The registry the config package reads field metadata from (zod 4 registries, not globals). */
export const configMeta = z.registry<ConfigFieldMeta>();

function mark<S extends z.ZodType>(schema: S, meta: ConfigFieldMeta): S {
  const current = configMeta.get(schema) ?? {};
  // Re-registering replaces; merge so secret(restartRequired(x)) keeps both marks.
  if (configMeta.has(schema)) configMeta.remove(schema);
  configMeta.add(schema, { ...current, ...meta });
  return schema;
}

/** Marks a field (or a whole object) secret: shown as `***` wherever the config is printed. */
export function secret<S extends z.ZodType>(schema: S): S {
  return mark(schema, { secret: true });
}

/** Marks a URL field: its userinfo and credential-like query parameters are shown as `***`. */
export function secretUrl<S extends z.ZodType>(schema: S): S {
  return mark(schema, { secretUrl: true });
}

/** Marks a field (or a whole object) as taking effect only after a restart. */
export function restartRequired<S extends z.ZodType>(schema: S): S {
  return mark(schema, { restartRequired: true });
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** `31s` → 31000, `1h30m` → 5400000, `250ms` → 250; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit as string] as number);
  return total;
}

/** A duration field: a number of ms or text like `31s`; the parsed value is always ms. */
export function duration() {
  const schema = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
    if (typeof value === 'number') return value;
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration like 31s, 5m, 1h30m or 250ms', input: value });
      return z.NEVER;
    }
    return ms;
  });
  return mark(schema, { duration: true });
}
