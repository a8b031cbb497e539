import type { z } from 'zod';
import { OutriderError, toError } from './errors.js';

/** One thing wrong with a config value: where, and what was expected. */
export interface ConfigProblem {
  /** Dot path into the config, e.g. `targets.0.url`; empty for the root. */
  path: string;
  message: string;
}

/** Turns zod's issues into problems with dot paths, one per issue, nested unions included. */
export function toConfigProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Parses `input` with `schema`, or throws one OUTRIDER_CONFIG_INVALID error that lists every
 * problem with its path (not just the first).
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(input);
  } catch (error) {
    // A refinement that throws on a value it did not expect is a config problem, not a crash.
    const message = `the config schema failed on this value: ${toError(error).message}`;
    throw new OutriderError(
      'OUTRIDER_CONFIG_INVALID',
      `${subject}: config is invalid (1 problem):\n  - (root): ${message}`,
      {
        cause: error,
        details: { problems: [{ path: '', message }] },
      },
    );
  }
  if (result.success) return result.data;
  const problems = toConfigProblems(result.error);
  const lines = problems.map((problem) => `  - ${problem.path || '(root)'}: ${problem.message}`);
  throw new OutriderError(
    'OUTRIDER_CONFIG_INVALID',
    `${subject}: config is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    { details: { problems } },
  );
}
