import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import {
  type Clock,
  type Duration,
  type HealthReport,
  isOutriderError,
  type Logger,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  parseDuration,
  silentLogger,
  systemClock,
  toError,
} from '@outrider/core';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { type EnvProblem, readEnv, type UnknownVariable } from './env-source.js';
import { configErrors } from './error-codes.js';
import { loadConfigFile } from './file-source.js';
import { FileWatcher } from './file-watcher.js';
import { ConfigMetrics } from './metrics.js';
import {
  type ConfigPath,
  type ConfigValue,
  changedPaths,
  deepFreeze,
  deepMerge,
  getAt,
  isPlainObject,
  leafPaths,
  overlaps,
  setAt,
  splitPath,
} from './paths.js';
import { printConfig } from './print.js';
import { redactConfig } from './redact.js';
import { restartRequiredChanges } from './restart-required.js';
import { markedPaths } from './schema-walk.js';
import { type ConfigSource, formatSource, SourceMap } from './sources.js';
import { type CheckResult, checkSchema, configInvalid, type SourcedConfigProblem } from './validate.js';
import { yaml } from './yaml-lib.js';

export interface ConfigManagerOptions<S extends z.ZodType> {
  /** Names the files cosmiconfig looks for: `<name>.config.*`, `.<name>rc*`, `package.json#<name>`. */
  name: string;
  /** Every field should have a default, so no file at all is a valid config. */
  schema: S;
  /** Environment variables `<envPrefix>_<PATH>` override the file. Default: `name` upper-cased. */
  envPrefix?: string;
  /** An explicit config file; it must exist. Default: search `cwd`. */
  path?: string;
  /** The highest-priority source (CLI flags): nested objects or dot-path keys (`{ 'server.port': 1 }`). */
  overrides?: Record<string, unknown>;
  /** Where to search and what relative paths resolve against. Default `process.cwd()`. */
  cwd?: string;
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The template `init()` copies when no config file exists. */
  exampleFile?: string;
  /** The module's name in a ModuleManager. Default `config`. */
  moduleName?: string;
  /** Whether `start()` watches the file for changes. Default true. */
  watch?: boolean;
  /** Quiet time after the last file change before reloading. Default `'200ms'`. */
  debounce?: Duration;
  clock?: Clock;
  logger?: Logger;
  /** When given, reload counts and timestamps are reported as `outrider_config_*` metrics. */
  registry?: Registry;
  /**
   * `<envPrefix>_*` variables that name no config key: logged as warnings (`warn`, the default),
   * reported as config problems (`error`), or ignored. Either way `unknownEnv` lists them.
   */
  unknownEnv?: 'warn' | 'error' | 'ignore';
  /** Variables under the prefix that are read elsewhere, not config keys (`OUTRIDER_URL`). */
  knownEnv?: readonly string[];
  /**
   * More validation on every load and reload, run even when the schema found problems: for parts
   * the schema leaves open (a host's plugin sections). Its problems are reported with the schema's.
   */
  check?: (context: ConfigCheckContext) => SourcedConfigProblem[] | Promise<SourcedConfigProblem[]>;
}

/** What a `check` hook gets: the merged input, and a way to check a part of it with positions. */
export interface ConfigCheckContext {
  /** Every source merged (file < env < overrides), before validation and defaults. */
  input: unknown;
  /** The config file read, if any. */
  file: string | undefined;
  /** Checks `value` against `schema` as the value at dot path `at`; `variables` name its own env overlay. */
  check<S extends z.ZodType>(
    schema: S,
    value: unknown,
    at: string,
    variables?: ReadonlyMap<string, string>,
  ): CheckResult<z.output<S>>;
  /** A problem at `at` with the given text (and `, found <received>`), placed like the schema's. */
  problem(at: string, message: string, received?: string): SourcedConfigProblem;
  /** The problem for a variable that names no key. */
  unknownVariable(variable: UnknownVariable): SourcedConfigProblem;
  /** How unknown variables are treated. */
  readonly unknownEnv: 'warn' | 'error' | 'ignore';
}

export interface ConfigChangeEvent<T> {
  /** Dot paths whose new values are now in force. */
  changed: string[];
  /** Dot paths that changed in the file but keep their old value until a restart. */
  restartRequired: string[];
  previous: T;
  current: T;
}

export interface InitResult {
  created: boolean;
  path: string;
}

interface Snapshot<T> {
  value: T;
  sources: SourceMap;
  file: string | undefined;
  unknownEnv: UnknownVariable[];
}

interface ChangeListener<T> {
  path: string | undefined;
  fn: (value: unknown, event: ConfigChangeEvent<T>) => void;
}

const MAX_CACHED_PATHS = 4096;

/**
 * Layered configuration: overrides > environment > file > schema defaults, validated by a zod
 * schema, with typed dot-path reads, hot reload and secret redaction. A module, so it joins the
 * lifecycle: `initialize` loads, `start` watches, `stop` stops watching.
 */
export class ConfigManager<S extends z.ZodType, T extends z.output<S> = z.output<S>> implements ModuleInterface {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  readonly #options: ConfigManagerOptions<S>;
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #metrics: ConfigMetrics | undefined;
  readonly #debounceMs: number;
  #clock: Clock;
  #logger: Logger;
  #snapshot: Snapshot<T> | undefined;
  readonly #cache = new Map<string, unknown>();
  #watcher: FileWatcher | undefined;
  #pendingRestart: string[] = [];
  #lastError: Error | undefined;
  #listeners: ChangeListener<T>[] = [];
  #errorListeners: ((error: Error) => void)[] = [];

  constructor(options: ConfigManagerOptions<S>) {
    if (typeof options?.name !== 'string' || options.name === '' || typeof options.schema?.safeParse !== 'function') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'ConfigManager needs a name and a zod schema');
    }
    this.#options = options;
    this.name = options.moduleName ?? 'config';
    this.#cwd = resolve(options.cwd ?? process.cwd());
    this.#env = options.env ?? process.env;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.registry ? new ConfigMetrics(options.registry) : undefined;
    this.#debounceMs = parseDuration(options.debounce ?? 200, 'debounce');
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  /** The config file in use, if any. */
  get file(): string | undefined {
    return this.#snapshot?.file;
  }

  /** `<envPrefix>_*` variables of the last load that name no config key, with the nearest valid name. */
  get unknownEnv(): readonly UnknownVariable[] {
    return this.#snapshot?.unknownEnv ?? [];
  }

  /** Keys changed in the file that keep their old value until the process restarts. */
  get pendingRestart(): readonly string[] {
    return this.#pendingRestart;
  }

  /** Reads every source and validates; throws a specific OutriderError and keeps nothing on failure. */
  async load(): Promise<T> {
    const snapshot = await this.#read();
    this.#apply(snapshot);
    this.#pendingRestart = [];
    this.#metrics?.loaded(this.#clock.now(), 0);
    return snapshot.value;
  }

  /** The value at a dot path (`server.port`), typed from the schema. Cached: cheap on hot paths. */
  get<P extends ConfigPath<T>>(path: P): ConfigValue<T, P> {
    const cached = this.#cache.get(path);
    if (cached !== undefined || this.#cache.has(path)) return cached as ConfigValue<T, P>;
    const value = getAt(this.#current(), splitPath(path));
    if (this.#cache.size >= MAX_CACHED_PATHS) this.#cache.clear();
    this.#cache.set(path, value);
    return value as ConfigValue<T, P>;
  }

  /** The whole validated config (frozen). */
  getAll(): T {
    return this.#current();
  }

  /** Where the value at a path came from. */
  sourceOf(path: string): ConfigSource {
    this.#current();
    return (this.#snapshot as Snapshot<T>).sources.lookup(path);
  }

  /** `sourceOf` as text: `outrider.yaml:12:3`, `env OUTRIDER_SERVER__PORT`, `override` or `default`. */
  describeSource(path: string): string {
    return formatSource(this.sourceOf(path), this.#cwd);
  }

  /**
   * A problem with the value at `path` found after validation (a plugin refusing a config its schema
   * took), placed like the schema's: where the value is set, else the nearest object the file defines.
   */
  problemAt(path: string, message: string): SourcedConfigProblem {
    this.#current();
    const { sources, file } = this.#snapshot as Snapshot<T>;
    return placedProblem({ sources, cwd: this.#cwd, file }, path, message);
  }

  /** The config with secrets replaced by `***`: safe to log. */
  redacted(): unknown {
    return redactConfig(this.#options.schema, this.#current());
  }

  /** The config as YAML with secrets redacted; with `sources`, each value is annotated with its origin. */
  print(options: { sources?: boolean } = {}): string {
    return printConfig(this.redacted(), options.sources ? (path) => this.#printedSource(path) : undefined);
  }

  /** Schema paths marked secret (`*` for any array index or record key), e.g. for a logger's `redact`. */
  secretPaths(): string[] {
    return markedPaths(this.#options.schema, 'secret');
  }

  /**
   * Reads and validates again. A valid result replaces the config (except restart-required keys)
   * and notifies subscribers; an invalid one is reported and rejected, and the old config stays.
   */
  async reload(): Promise<ConfigChangeEvent<T>> {
    const previous = this.#current();
    let next: Snapshot<T>;
    try {
      next = await this.#read();
    } catch (error) {
      this.#lastError = toError(error);
      this.#metrics?.reloaded('failure');
      this.#logger.error({ err: this.#lastError }, 'config reload rejected; the previous config stays in force');
      for (const listener of this.#errorListeners) this.#safely(() => listener(this.#lastError as Error));
      throw error;
    }
    const blocked = restartRequiredChanges(this.#options.schema, previous, next.value);
    if (blocked.length > 0) next.value = keepValues(next.value, previous, blocked);
    const changed = changedPaths(previous, next.value);
    const pendingChanged = blocked.join('\n') !== this.#pendingRestart.join('\n');
    this.#apply(next);
    this.#lastError = undefined;
    this.#pendingRestart = blocked;
    this.#metrics?.reloaded('success');
    this.#metrics?.loaded(this.#clock.now(), blocked.length);

    const event: ConfigChangeEvent<T> = { changed, restartRequired: blocked, previous, current: next.value };
    if (blocked.length > 0) {
      const warning = configErrors.create(
        'OUTRIDER_CONFIG_RESTART_REQUIRED',
        `config keys changed that only take effect after a restart: ${blocked.join(', ')}`,
        { module: this.name, details: { paths: blocked } },
      );
      this.#logger.warn({ err: warning, paths: blocked }, 'config change needs a restart');
    }
    if (changed.length > 0) this.#logger.info({ paths: changed }, 'config reloaded');
    if (changed.length > 0 || pendingChanged) this.#notify(event);
    return event;
  }

  /** Reloads when the config file changes (debounced). Returns a function that stops watching. */
  watch(): () => void {
    const file = this.#snapshot?.file;
    if (file === undefined || this.#watcher !== undefined) return () => this.unwatch();
    this.#watcher = new FileWatcher(
      file,
      this.#clock,
      this.#debounceMs,
      () => void this.reload().catch(() => {}),
      (error) => this.#logger.warn({ err: error }, 'config file watch failed'),
    );
    this.#watcher.start();
    return () => this.unwatch();
  }

  unwatch(): void {
    this.#watcher?.stop();
    this.#watcher = undefined;
  }

  /** Calls `fn` with the new value whenever `path` (or anything under or above it) changes. */
  onChange<P extends ConfigPath<T>>(
    path: P,
    fn: (value: ConfigValue<T, P>, event: ConfigChangeEvent<T>) => void,
  ): () => void;
  /** Calls `fn` on every reload that changed a value or the set of keys waiting for a restart. */
  onChange(fn: (config: T, event: ConfigChangeEvent<T>) => void): () => void;
  onChange(pathOrFn: string | ((config: T, event: ConfigChangeEvent<T>) => void), fn?: unknown): () => void {
    const listener: ChangeListener<T> =
      typeof pathOrFn === 'string'
        ? { path: pathOrFn, fn: fn as ChangeListener<T>['fn'] }
        : { path: undefined, fn: pathOrFn as ChangeListener<T>['fn'] };
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((entry) => entry !== listener);
    };
  }

  /** Called when a reload is rejected (the old config stays in force). */
  onError(fn: (error: Error) => void): () => void {
    this.#errorListeners.push(fn);
    return () => {
      this.#errorListeners = this.#errorListeners.filter((entry) => entry !== fn);
    };
  }

  /**
   * Writes a config file from `exampleFile` (or, without one, from the schema's defaults) when no
   * config file exists yet. Never overwrites.
   */
  async init(): Promise<InitResult> {
    const target = resolve(this.#cwd, this.#options.path ?? `${this.#options.name}.yaml`);
    if (this.#options.path === undefined) {
      const existing = await this.#findExisting();
      if (existing !== undefined) return { created: false, path: existing };
    }
    const text = await this.#template();
    await mkdir(dirname(target), { recursive: true });
    try {
      await writeFile(target, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false, path: target };
      throw configErrors.create('OUTRIDER_CONFIG_UNREADABLE', `cannot write config template ${target}`, {
        cause: error,
        details: { file: target },
      });
    }
    return { created: true, path: target };
  }

  // ---- ModuleInterface ---------------------------------------------------------------------

  async initialize(ctx: ModuleContext): Promise<void> {
    if (this.#options.logger === undefined) this.#logger = ctx.logger;
    if (this.#options.clock === undefined && this.#watcher === undefined) this.#clock = ctx.clock;
    if (this.#snapshot === undefined) await this.load();
    this.#status = 'initialized';
  }

  start(): void {
    if (this.#options.watch !== false) this.watch();
    this.#status = 'running';
  }

  stop(): void {
    this.unwatch();
    this.#status = 'stopped';
  }

  health(): HealthReport {
    if (this.#lastError !== undefined) {
      return { status: 'degraded', detail: `last reload rejected: ${this.#lastError.message.split('\n')[0]}` };
    }
    if (this.#pendingRestart.length > 0) {
      return { status: 'degraded', detail: `restart required for ${this.#pendingRestart.join(', ')}` };
    }
    return { status: 'healthy' };
  }

  // ---- internals ---------------------------------------------------------------------------

  #current(): T {
    if (this.#snapshot === undefined) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `config "${this.#options.name}" is not loaded: call load() first`,
      );
    }
    return this.#snapshot.value;
  }

  async #read(): Promise<Snapshot<T>> {
    const { schema, name } = this.#options;
    const loaded = await loadConfigFile({ name, cwd: this.#cwd, env: this.#env }, this.#options.path);
    const prefix = this.#options.envPrefix ?? name.toUpperCase();
    const env = readEnv(schema, prefix, this.#env);
    const overrides = expandDotKeys(this.#options.overrides ?? {});

    const sources = new SourceMap();
    if (loaded !== undefined) {
      for (const [path, { line, column, container }] of loaded.positions) {
        sources.set(path, { kind: 'file', file: loaded.file, line, column }, container);
      }
    }
    for (const [path, variable] of env.variables) {
      const segments = splitPath(path);
      for (const leaf of leafPaths(getAt(env.data, segments), segments)) {
        sources.set(leaf.join('.'), { kind: 'env', variable });
      }
    }
    for (const leaf of leafPaths(overrides)) if (leaf.length > 0) sources.set(leaf.join('.'), { kind: 'override' });

    const merged = deepMerge(deepMerge(loaded?.data ?? {}, env.data), overrides);
    const subject = loaded === undefined ? `config "${name}"` : relative(this.#cwd, loaded.file) || loaded.file;
    const place = { sources, cwd: this.#cwd, file: loaded?.file };
    const mode = this.#options.unknownEnv ?? 'warn';
    const known = new Set([...(this.#options.knownEnv ?? []), ...(loaded?.referenced ?? [])]);
    const unknownEnv = env.unknown.filter((entry) => !known.has(entry.variable));

    const problems: SourcedConfigProblem[] = env.problems.map((problem) => envProblem(problem, this.#cwd));
    if (mode === 'error') problems.push(...unknownEnv.map((entry) => unknownVariableProblem(entry, this.#cwd)));
    const result = checkSchema(schema, merged, place);
    if (!result.ok) problems.push(...result.problems);
    if (this.#options.check !== undefined) {
      const context: ConfigCheckContext = {
        input: merged,
        file: loaded?.file,
        check: (part, value, at, variables) =>
          checkSchema(part, value, { ...place, at, ...(variables === undefined ? {} : { variables }) }),
        problem: (at, message, received) => placedProblem(place, at, message, received),
        unknownVariable: (entry) => unknownVariableProblem(entry, this.#cwd),
        unknownEnv: mode,
      };
      problems.push(...(await this.#options.check(context)));
    }
    if (problems.length > 0 || !result.ok) {
      // Only variables that do not parse (or name no key): the file itself is fine.
      const envOnly = problems.length === env.problems.length + (mode === 'error' ? unknownEnv.length : 0);
      throw configInvalid(subject, problems, envOnly ? 'OUTRIDER_CONFIG_ENV_INVALID' : 'OUTRIDER_CONFIG_INVALID');
    }
    if (mode === 'warn') {
      for (const { variable, suggestion } of unknownEnv) {
        this.#logger.warn({ variable, suggestion }, 'environment variable matches no config key');
      }
    }
    return { value: deepFreeze(result.value as T), sources, file: loaded?.file, unknownEnv };
  }

  #apply(snapshot: Snapshot<T>): void {
    this.#snapshot = snapshot;
    this.#cache.clear();
  }

  #notify(event: ConfigChangeEvent<T>): void {
    for (const listener of this.#listeners) {
      if (listener.path === undefined) {
        this.#safely(() => listener.fn(event.current, event));
      } else if (event.changed.some((path) => overlaps(path, listener.path as string))) {
        const value = getAt(event.current, splitPath(listener.path));
        this.#safely(() => listener.fn(value, event));
      }
    }
  }

  #safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#logger.error({ err: toError(error) }, 'config listener threw');
    }
  }

  #printedSource(path: string): string | undefined {
    const source = this.sourceOf(path);
    return source.kind === 'default' ? undefined : formatSource(source, this.#cwd);
  }

  async #findExisting(): Promise<string | undefined> {
    try {
      return (await loadConfigFile({ name: this.#options.name, cwd: this.#cwd, env: this.#env }))?.file;
    } catch (error) {
      // A file that exists but does not parse still exists: init must not replace it.
      if (isOutriderError(error) && typeof error.details.file === 'string') return error.details.file;
      throw error;
    }
  }

  async #template(): Promise<string> {
    const { exampleFile, schema } = this.#options;
    if (exampleFile !== undefined) {
      const file = resolve(this.#cwd, exampleFile);
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw configErrors.create('OUTRIDER_CONFIG_NOT_FOUND', `example config ${file} cannot be read`, {
          cause: error,
          details: { file },
        });
      }
    }
    const defaults = schema.safeParse({});
    if (!defaults.success) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `config "${this.#options.name}": no exampleFile, and the schema has required fields without defaults`,
      );
    }
    return yaml().stringify(defaults.data);
  }
}

function envProblem(problem: EnvProblem, cwd: string): SourcedConfigProblem {
  const source = { kind: 'env', variable: problem.variable } as const;
  return {
    path: problem.path,
    message: `expected ${problem.expected}, found ${problem.received}`,
    expected: problem.expected,
    received: problem.received,
    source,
    from: formatSource(source, cwd),
  };
}

function unknownVariableProblem({ variable, suggestion }: UnknownVariable, cwd: string): SourcedConfigProblem {
  const source = { kind: 'env', variable } as const;
  return {
    path: '',
    message: `matches no config key${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`,
    received: variable,
    source,
    from: formatSource(source, cwd),
  };
}

function placedProblem(
  place: { sources: SourceMap; cwd: string; file: string | undefined },
  at: string,
  message: string,
  received?: string,
): SourcedConfigProblem {
  const found = place.sources.locate(at);
  const source: ConfigSource =
    found.kind === 'default' && place.file !== undefined ? { kind: 'file', file: place.file } : found;
  return {
    path: at,
    message: received === undefined ? message : `${message}, found ${received}`,
    received: received ?? 'nothing',
    source,
    from: formatSource(source, place.cwd),
  };
}

/** `{ 'server.port': 1 }` → `{ server: { port: 1 } }`; nested objects pass through. */
function expandDotKeys(input: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const segments = splitPath(key);
    const existing = getAt(result, segments);
    setAt(result, segments, isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value);
  }
  return result;
}

/** `next` with the values at `paths` put back to what they were in `previous`. */
function keepValues<T>(next: T, previous: T, paths: string[]): T {
  const copy = structuredClone(next) as Record<string, unknown>;
  for (const path of paths) {
    const segments = splitPath(path);
    const old = getAt(previous, segments);
    if (old === undefined) {
      const parent = getAt(copy, segments.slice(0, -1));
      if (parent !== null && typeof parent === 'object')
        delete (parent as Record<string, unknown>)[segments.at(-1) as string];
    } else {
      setAt(copy, segments, structuredClone(old));
    }
  }
  return deepFreeze(copy as T);
}
