import { type Duration, parseDuration } from '@outrider/core';
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
  /** Accepts `31s`, `5m`, `1h30m`, `250ms` or a number of ms (core's parseDuration); parsed to ms. */
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

const KEY = 'duration';

/** parseDuration's complaint about `value`, without its `<key>: ` and `, got …` (the problem line says both). */
function durationProblem(value: unknown): string | undefined {
  try {
    parseDuration(value as Duration, KEY);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(`${KEY}: `, '').replace(/, got .*$/, '');
  }
}

/** A duration field: a number of ms or text like `31s`, read by core's parseDuration; the parsed value is always ms. */
export function duration() {
  // A refinement, not an issue raised in the transform: it lets the checks of the objects around the
  // field still run, so one load reports every problem.
  const schema = z
    .union([z.number(), z.string()])
    .superRefine((value, ctx) => {
      const message = durationProblem(value);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
    })
    .transform((value) => parseDuration(value as Duration, KEY));
  return mark(schema, { duration: true });
}
