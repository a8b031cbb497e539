import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configErrors } from './error-codes.js';
import { isPlainObject } from './paths.js';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

export interface InterpolateContext {
  env: NodeJS.ProcessEnv;
  /** Relative `secretFile` paths resolve against this directory (the config file's). */
  baseDir: string;
  /** The config file, for error messages. */
  file: string;
  /** Collects the names of the variables the file refers to. */
  referenced?: Set<string>;
}

/**
 * Replaces `${VAR}` / `${VAR:-fallback}` in strings (`$${` keeps a literal `${`) and
 * `{ secretFile: path }` objects by the file's trimmed content. A string that is only an unset
 * `${VAR}` becomes undefined, so the schema's default applies.
 */
export function interpolate(value: unknown, context: InterpolateContext, path: string[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, context);
  if (Array.isArray(value)) return value.map((item, index) => interpolate(item, context, [...path, String(index)]));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'secretFile' && typeof value.secretFile === 'string') {
    return readSecretFile(interpolateString(value.secretFile, context) ?? '', context, path);
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const next = interpolate(child, context, [...path, key]);
    if (next !== undefined) result[key] = next;
  }
  return result;
}

function interpolateString(text: string, { env, referenced }: InterpolateContext): string | undefined {
  const whole = WHOLE.exec(text);
  if (whole) {
    referenced?.add(whole[1] as string);
    return env[whole[1] as string] ?? whole[2];
  }
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    referenced?.add(name as string);
    return env[name as string] ?? fallback ?? '';
  });
}

function readSecretFile(target: string, context: InterpolateContext, path: string[]): string {
  const file = resolve(context.baseDir, target);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw configErrors.create(
      'OUTRIDER_CONFIG_UNREADABLE',
      `${context.file}: ${path.join('.')}: cannot read secretFile ${file} (${code})`,
      { cause: error, details: { file: context.file, path: path.join('.'), secretFile: file, reason: code } },
    );
  }
}
