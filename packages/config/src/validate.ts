import { type ConfigProblem, OutriderError, toError } from '@outrider/core';
import type { z } from 'zod';
import { configErrors } from './error-codes.js';
import { nearest } from './nearest.js';
import { REDACTED, redactLeaf } from './redact.js';
import { discriminatorValues, knownKeys } from './schema-walk.js';
import { type ConfigSource, formatSource, type SourceMap } from './sources.js';

/** A core ConfigProblem plus what was expected, what was found, and where it came from. */
export interface SourcedConfigProblem extends ConfigProblem {
  /** What the schema wanted, when it says (`number`, `one of "a", "b"`, `a known key`). */
  expected?: string;
  /** A short description of the value found (`***` for secrets, `nothing` when missing). */
  received: string;
  source: ConfigSource;
  /** `source` as text: `outrider.yaml:12:3`, `env OUTRIDER_SERVER__PORT`, `override`, `default`. */
  from: string;
}

/** Where the values being checked sit and came from. */
export interface CheckPlace {
  sources: SourceMap;
  cwd: string;
  /** The config file, if any: a missing key is blamed on it. */
  file: string | undefined;
  /** The dot path of the checked value within the whole config (`plugins.probes`); default the root. */
  at?: string;
  /** Variables that set paths under `at` (relative paths), for a host's own environment overlay. */
  variables?: ReadonlyMap<string, string>;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; problems: SourcedConfigProblem[] };

/**
 * Checks `input` against `schema`, turning every zod issue into a problem with its source, what
 * was expected and what was found; each unknown key gets its own problem with a "did you mean".
 * A schema that throws (a refinement on a value it did not expect) is one problem, not a crash.
 */
export function checkSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
  place: CheckPlace,
): CheckResult<z.output<S>> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(input, { reportInput: true });
  } catch (error) {
    const path = place.at ?? '';
    return {
      ok: false,
      problems: [
        problemAt(place, path, {
          message: `the config schema failed on this value (${toError(error).message}); check the values under it`,
          received: 'object',
        }),
      ],
    };
  }
  if (result.success) return { ok: true, value: result.data };
  const problems: SourcedConfigProblem[] = [];
  for (const issue of result.error.issues) {
    for (const part of describeIssue(schema, issue, input)) {
      const path = [place.at, ...part.path].filter((segment) => segment !== undefined && segment !== '').join('.');
      problems.push(problemAt(place, path, part, part.path.join('.')));
    }
  }
  return { ok: false, problems: unique(problems) };
}

interface IssuePart {
  path: string[];
  message: string;
  expected?: string;
  received: string;
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, root: unknown): IssuePart[] {
  let path = issue.path.map(String);
  // A refinement on an object that names a field reports the object as its input: show the field.
  let input = issue.code === 'custom' ? valueAt(root, path) : (issue as { input?: unknown }).input;
  const discriminator =
    issue.code === 'invalid_union' ? (issue as { discriminator?: string }).discriminator : undefined;
  if (discriminator !== undefined) {
    // zod puts the discriminator at the end of the path already (or not, for a missing one).
    const union = path.at(-1) === discriminator ? path.slice(0, -1) : path;
    path = [...union, discriminator];
    input = valueAt(root, path);
    const values = discriminatorValues(schema, union, discriminator);
    return [
      {
        path,
        message: issue.message,
        expected:
          values.length === 0
            ? `a known ${discriminator}`
            : `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
        received: describe(input),
      },
    ];
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0];
    const expected = inner === undefined ? undefined : expectedOf(inner, input);
    return [
      {
        path,
        message: inner?.message ?? issue.message,
        ...(expected === undefined ? {} : { expected }),
        received: describe(path.at(-1)),
      },
    ];
  }
  const shown = redactLeaf(schema, path, input);
  const received = shown === REDACTED ? REDACTED : describe(shown);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => {
      const suggestion = known === undefined ? undefined : nearest(key, known);
      const expected = known === undefined || known.length === 0 ? 'no such key' : `one of ${known.join(', ')}`;
      return {
        path: [...path, key],
        expected,
        received: `unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
        message: `unknown key "${key}"`,
      };
    });
  }
  // A message the schema's author wrote says it best; zod's own are rebuilt from the issue.
  const authored = !ZOD_MESSAGE.test(issue.message);
  const expected = authored
    ? issue.message.startsWith('expected ')
      ? stripExpected(issue.message)
      : undefined
    : expectedOf(issue, input);
  return [{ path, message: issue.message, received, ...(expected === undefined ? {} : { expected }) }];
}

function problemAt(
  place: CheckPlace,
  path: string,
  part: { message: string; expected?: string; received: string },
  relative?: string,
): SourcedConfigProblem {
  const variable = relative === undefined ? undefined : variableFor(place.variables, relative);
  const found = variable === undefined ? place.sources.locate(path) : ({ kind: 'env', variable } as const);
  // A missing key has no source of its own: point at the file it is missing from.
  const source: ConfigSource =
    found.kind === 'default' && place.file !== undefined ? { kind: 'file', file: place.file } : found;
  const text = part.expected === undefined ? part.message : `expected ${part.expected}`;
  return {
    path,
    message: `${text}, found ${part.received}`,
    ...(part.expected === undefined ? {} : { expected: part.expected }),
    received: part.received,
    source,
    from: formatSource(source, place.cwd),
  };
}

/** The variable that set `path` or a value above it. */
function variableFor(variables: ReadonlyMap<string, string> | undefined, path: string): string | undefined {
  if (variables === undefined) return undefined;
  for (let current = path; ; current = current.slice(0, Math.max(0, current.lastIndexOf('.')))) {
    const found = variables.get(current);
    if (found !== undefined) return found;
    if (current === '') return undefined;
  }
}

function unique(problems: SourcedConfigProblem[]): SourcedConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\0${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const ORIGIN_NOUN: Record<string, [string, string]> = {
  string: ['text of', 'characters'],
  array: ['a list of', 'items'],
  set: ['a set of', 'items'],
  file: ['a file of', 'bytes'],
};

function bound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  const noun = ORIGIN_NOUN[issue.origin];
  if (noun !== undefined) {
    return `${noun[0]} ${small ? 'at least' : 'at most'} ${issue.inclusive === false ? `${small ? '>' : '<'} ` : ''}${limit} ${noun[1]}`;
  }
  const op = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  return `${issue.origin === 'int' ? 'an integer' : 'a number'} ${op} ${limit}`;
}

function expectedOf(issue: z.core.$ZodIssue, input: unknown): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_format':
      if (issue.format === 'url') return 'a URL';
      if (issue.format === 'regex' && !issue.message.startsWith('Invalid')) return stripExpected(issue.message);
      if (issue.format === 'regex') return `text matching ${(issue as { pattern?: string }).pattern ?? 'the pattern'}`;
      return `a valid ${issue.format}`;
    case 'invalid_union': {
      const branches = issue.errors.flatMap((branch) =>
        branch
          .filter((inner) => inner.path.length === 0 && inner.code === 'invalid_type')
          .map((inner) => (inner as z.core.$ZodIssueInvalidType).expected),
      );
      if (branches.length === issue.errors.length && branches.length > 0) return [...new Set(branches)].join(' or ');
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator !== undefined) return `a known "${discriminator}"`;
      return input === undefined ? 'a value' : undefined;
    }
    case 'custom':
      return issue.message.startsWith('expected ') ? stripExpected(issue.message) : undefined;
    default:
      return undefined;
  }
}

/** zod's built-in messages, as opposed to ones a schema sets. */
const ZOD_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/;

const stripExpected = (message: string) => message.replace(/^expected /, '');

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Problems in reading order: file positions first, by line, then variables, then the rest. */
export function sortProblems(problems: readonly SourcedConfigProblem[]): SourcedConfigProblem[] {
  const rank = (p: SourcedConfigProblem) => (p.source.kind === 'file' ? 0 : p.source.kind === 'env' ? 1 : 2);
  return [...problems].sort((a, b) => {
    const byKind = rank(a) - rank(b);
    if (byKind !== 0) return byKind;
    if (a.source.kind === 'file' && b.source.kind === 'file') {
      return (a.source.line ?? 0) - (b.source.line ?? 0) || (a.source.column ?? 0) - (b.source.column ?? 0);
    }
    if (a.source.kind === 'env' && b.source.kind === 'env') return a.source.variable.localeCompare(b.source.variable);
    return 0;
  });
}

/** `  - outrider.yaml:3:3: server.port: expected number, found "x"`: one line per problem. */
export function formatProblem(problem: SourcedConfigProblem): string {
  return `  - ${problem.from}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
}

/**
 * One error listing every problem in reading order: OUTRIDER_CONFIG_INVALID, or `code` when the
 * caller knows better (OUTRIDER_CONFIG_ENV_INVALID when only variables failed to parse).
 */
export function configInvalid(
  subject: string,
  problems: readonly SourcedConfigProblem[],
  code: 'OUTRIDER_CONFIG_INVALID' | 'OUTRIDER_CONFIG_ENV_INVALID' = 'OUTRIDER_CONFIG_INVALID',
): OutriderError {
  const sorted = sortProblems(problems);
  const message = `${subject}: config is invalid (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n${sorted.map(formatProblem).join('\n')}`;
  const options = { details: { problems: sorted } };
  return code === 'OUTRIDER_CONFIG_ENV_INVALID'
    ? configErrors.create(code, message, options)
    : new OutriderError(code, message, options);
}
