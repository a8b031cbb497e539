import { type ConfigProblem, OutriderError, toConfigProblems } from '@outrider/core';
import type { z } from 'zod';
import { splitPath } from './paths.js';
import { REDACTED, redactLeaf } from './redact.js';
import { type ConfigSource, formatSource, type SourceMap } from './sources.js';

/** A core ConfigProblem plus what was expected, what was found, and where it came from. */
export interface SourcedConfigProblem extends ConfigProblem {
  expected?: string;
  /** A short description of the value found (`***` for secrets, URLs without credentials, `nothing` when missing). */
  received: string;
  source: ConfigSource;
  /** `source` as text: `outrider.yaml:12:3`, `env OUTRIDER_SERVER__PORT`, `override`, `default`. */
  from: string;
}

/** Validates the merged config; throws one OUTRIDER_CONFIG_INVALID error listing every problem. */
export function validateConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  sources: SourceMap,
  subject: string,
  cwd: string,
  file: string | undefined,
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const base = toConfigProblems(result.error);
  const problems = result.error.issues.map((issue, index): SourcedConfigProblem => {
    const { path, message } = base[index] as ConfigProblem;
    const input = (issue as { input?: unknown }).input;
    const shown = redactLeaf(schema, splitPath(path), input);
    const found = sources.locate(path);
    // A missing key has no source of its own: point at the file it is missing from.
    const source: ConfigSource =
      found.kind === 'default' && input === undefined && file !== undefined ? { kind: 'file', file } : found;
    const expected = expectedOf(issue);
    return {
      path,
      message,
      ...(expected === undefined ? {} : { expected }),
      received: shown === REDACTED ? REDACTED : describe(shown),
      source,
      from: formatSource(source, cwd),
    };
  });
  const lines = problems.map((p) => {
    const what =
      p.expected === undefined ? `${p.message}, got ${p.received}` : `expected ${p.expected}, got ${p.received}`;
    return `  - ${p.path || '(root)'}: ${what} (${p.from})`;
  });
  throw new OutriderError(
    'OUTRIDER_CONFIG_INVALID',
    `${subject}: config is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    { details: { problems } },
  );
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'object') return 'object';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}
