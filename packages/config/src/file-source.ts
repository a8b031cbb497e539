import { stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isOutriderError, OutriderError } from '@outrider/core';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { configErrors } from './error-codes.js';
import { interpolate } from './interpolate.js';
import { type ParsedYaml, type Position, parseYaml } from './yaml-file.js';

export interface LoadedFile {
  file: string;
  /** The config after `${ENV}` and `secretFile` resolution. */
  data: unknown;
  /** Key positions by dot path (YAML and JSON files only). */
  positions: Map<string, Position>;
  /** Environment variables the file refers to with `${NAME}`. */
  referenced: Set<string>;
}

export interface FileSourceOptions {
  name: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Where cosmiconfig looks, in order, in `cwd`. */
export function searchPlaces(name: string): string[] {
  const exts = ['yaml', 'yml', 'json', 'ts', 'mjs', 'js', 'cjs'];
  return [
    'package.json',
    ...exts.map((ext) => `${name}.${ext}`),
    ...exts.map((ext) => `${name}.config.${ext}`),
    `.${name}rc`,
    ...exts.map((ext) => `.${name}rc.${ext}`),
  ];
}

/** Imports JS and TS config files natively (Node 24 strips types); a query defeats the module cache on reload. */
const importLoader: Loader = async (filepath) => {
  const module = (await import(`${pathToFileURL(filepath).href}?t=${Date.now()}`)) as { default?: unknown };
  return module.default ?? module;
};

/**
 * Finds the config file with cosmiconfig (or loads `explicitPath`), parses YAML and JSON with key
 * positions, and resolves `${ENV}` and `secretFile` references. Undefined when no file exists.
 */
export async function loadConfigFile(
  options: FileSourceOptions,
  explicitPath?: string,
): Promise<LoadedFile | undefined> {
  const parsed = new Map<string, ParsedYaml>();
  const yamlLoader: Loader = (filepath, content) => {
    const result = parseYaml(content, filepath);
    parsed.set(filepath, result);
    // Comments only parse to null, which cosmiconfig would take for "no config here": it is an empty file.
    return result.value ?? undefined;
  };
  const explorer = cosmiconfig(options.name, {
    searchPlaces: searchPlaces(options.name),
    searchStrategy: 'none',
    cache: false,
    // An empty file is reported (see below), not skipped for the next search place.
    ignoreEmptySearchPlaces: false,
    loaders: {
      '.yaml': yamlLoader,
      '.yml': yamlLoader,
      '.json': yamlLoader,
      noExt: yamlLoader,
      '.ts': importLoader,
      '.mjs': importLoader,
      '.js': importLoader,
      '.cjs': importLoader,
    },
  });

  let result: Awaited<ReturnType<typeof explorer.search>>;
  if (explicitPath === undefined) {
    result = await run(() => explorer.search(options.cwd), options.cwd);
  } else {
    const file = resolve(options.cwd, explicitPath);
    await assertReadableFile(file);
    result = await run(() => explorer.load(file), file);
  }
  if (result === null) return undefined;

  const file = result.filepath;
  // An empty file is more likely a truncated write than a wish for defaults (which would also drop secrets).
  if (result.isEmpty === true || result.config === undefined || result.config === null) throw emptyFile(file);
  const referenced = new Set<string>();
  const data = interpolate(result.config, { env: options.env, baseDir: dirname(file), file, referenced });
  let positions = parsed.get(file)?.positions ?? new Map<string, Position>();
  if (basename(file) === 'package.json') positions = underProperty(positions, options.name);
  return { file, data, positions, referenced };
}

async function assertReadableFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw configErrors.create('OUTRIDER_CONFIG_UNREADABLE', `config file ${file} is not a regular file`, {
        details: { file, reason: 'not a file' },
      });
    }
  } catch (error) {
    if (isOutriderError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw configErrors.create('OUTRIDER_CONFIG_NOT_FOUND', `config file ${file} does not exist`, {
        details: { file },
      });
    }
    throw unreadable(file, error);
  }
}

/** Runs a cosmiconfig call, turning its fs and loader errors into specific OutriderErrors. */
async function run<T>(work: () => Promise<T>, where: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isOutriderError(error)) throw error;
    const file = (error as { filepath?: string }).filepath ?? where;
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw unreadable(file, error);
    const ext = extname(file);
    const message = error instanceof Error ? error.message : String(error);
    throw configErrors.create('OUTRIDER_CONFIG_SYNTAX', `${file}: cannot load ${ext || 'file'}: ${message}`, {
      cause: error,
      details: { file },
    });
  }
}

function emptyFile(file: string): OutriderError {
  const problem = { path: '', message: 'the config file is empty', from: `${file}:1:1` };
  return new OutriderError(
    'OUTRIDER_CONFIG_INVALID',
    `${file}: config is invalid (1 problem):\n  - ${file}:1:1: the config file is empty; write at least one key, or remove the file to run on the defaults`,
    { details: { file, problems: [problem] } },
  );
}

function unreadable(file: string, error: unknown): OutriderError {
  const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return configErrors.create('OUTRIDER_CONFIG_UNREADABLE', `config file ${file} cannot be read (${reason})`, {
    cause: error,
    details: { file, reason },
  });
}

function underProperty(positions: Map<string, Position>, property: string): Map<string, Position> {
  const prefix = `${property}.`;
  const moved = new Map<string, Position>();
  for (const [path, position] of positions) if (path.startsWith(prefix)) moved.set(path.slice(prefix.length), position);
  return moved;
}
