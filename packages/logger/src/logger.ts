import type { Logger as CoreLogger } from '@outrider/core';
import pino from 'pino';
import type { Registry } from 'prom-client';
import {
  type ConsoleOptions,
  consoleDestination,
  type Destination,
  type FileOptions,
  fileDestination,
} from './destinations.js';
import { flushOnExit } from './exit-flush.js';
import { LevelControl, type LevelName, NO_MODULE } from './levels.js';
import { countingStream } from './metrics.js';
import { DEFAULT_SENSITIVE_KEYS, keyRedactor } from './redact-keys.js';
import { mergeTrace, traceMixin } from './trace-context.js';

export interface ModuleLogOptions {
  level?: LevelName;
  /** This module's lines also go to this file (besides the shared console and file). */
  file?: string | FileOptions;
}

export interface RedactOptions {
  /** pino redact paths (`req.headers["x-api-key"]`, `user.*.ssn`). */
  paths?: string[];
  /** Keys redacted at any depth. Default: password, secret, token, authorization, cookie; `false` turns it off. */
  keys?: RegExp | false;
  /** Default `***`. */
  censor?: string;
}

export interface LoggerOptions {
  /** Added to every line as `name`. */
  name?: string;
  /** Default `info`. */
  level?: LevelName;
  /** Console output; `false` for none. Default: stdout, pretty when it is a terminal. */
  console?: boolean | ConsoleOptions;
  /** Shorthand for `console.pretty`. */
  pretty?: boolean;
  /** A shared log file for every line. */
  file?: string | FileOptions;
  /** Per-module levels and files, by the `module` binding of `logger.child({ module })`. */
  modules?: Record<string, ModuleLogOptions>;
  /** Extra redaction paths, or redaction options; secret-looking keys are redacted by default. */
  redact?: string[] | RedactOptions;
  /** Add `trace_id` and `span_id` of the active OpenTelemetry span. Default true. */
  trace?: boolean;
  /** Fields on every line. Default pino's `{ pid, hostname }`. */
  base?: Record<string, unknown> | null;
  /** Flush files on exit, fatal errors and SIGTERM/SIGINT/SIGHUP. Default true. */
  flushOnExit?: boolean;
  /** When given, lines are counted in `outrider_log_lines_total{logger, level}`. */
  registry?: Registry;
}

export interface LoggerControls {
  /** Changes the default level at runtime: the root and every module without its own level. */
  setLevel(level: LevelName): void;
  /** Changes one module's level at runtime, for its existing and future loggers; `undefined` resets it. */
  setLevel(module: string, level: LevelName | undefined): void;
  /** The default level and each module's own level. */
  getLevels(): { default: LevelName; modules: Record<string, LevelName> };
  /** Writes every buffered line now. */
  flushSync(): void;
  /** Flushes and closes every file; later log calls are dropped. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when every destination is open (rotating files open asynchronously). */
  readonly ready: Promise<void>;
}

/** A pino logger whose children are Outrider loggers too, with runtime level control and shutdown. */
export type OutriderLogger = Omit<pino.Logger, 'child'> &
  LoggerControls & {
    child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions): OutriderLogger;
  };

const MODULE = Symbol('outrider.logger.module');
const BASE_KEYS = new Set(['pid', 'hostname', 'name']);

type Tagged = pino.Logger & { [MODULE]?: string };

/**
 * Creates the process logger: JSON lines (pretty in a terminal) to the console and/or a file,
 * per-module files and levels, secret redaction, and OpenTelemetry trace ids on every line.
 */
export function createLogger(options: LoggerOptions = {}): OutriderLogger {
  const redact = Array.isArray(options.redact) ? { paths: options.redact } : (options.redact ?? {});
  const censor = redact.censor ?? '***';
  const redactKeys = redact.keys === false ? undefined : keyRedactor(redact.keys ?? DEFAULT_SENSITIVE_KEYS, censor);
  const moduleEntries = Object.entries(options.modules ?? {});
  const levels = new LevelControl(
    options.level ?? 'info',
    Object.fromEntries(moduleEntries.map(([module, config]) => [module, config.level])),
  );

  const shared: Destination[] = [];
  if (options.console !== false) {
    const consoleOptions = typeof options.console === 'object' ? options.console : {};
    shared.push(
      consoleDestination({ ...(options.pretty === undefined ? {} : { pretty: options.pretty }), ...consoleOptions }),
    );
  }
  if (options.file !== undefined) shared.push(fileDestination(options.file));
  const moduleFiles = new Map<string, Destination>();
  for (const [module, config] of moduleEntries) {
    if (config.file !== undefined) moduleFiles.set(module, fileDestination(config.file));
  }
  const destinations = [...shared, ...moduleFiles.values()];

  const pinoOptions: pino.LoggerOptions = {
    level: levels.levelFor(NO_MODULE),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.base === undefined ? {} : { base: options.base }),
    ...(redact.paths?.length ? { redact: { paths: redact.paths, censor } } : {}),
    ...(options.trace === false ? {} : { mixin: traceMixin, mixinMergeStrategy: mergeTrace }),
    ...(redactKeys === undefined ? {} : { formatters: { log: redactKeys, bindings: redactKeys } }),
  };
  const streamFor = (targets: Destination[]): pino.DestinationStream => {
    let stream: pino.DestinationStream =
      targets.length === 0
        ? { write: () => {} }
        : targets.length === 1
          ? (targets[0] as Destination).stream
          : pino.multistream(targets.map((target) => ({ stream: target.stream, level: 'trace' as const })));
    if (options.registry !== undefined) stream = countingStream(stream, options.registry, options.name ?? 'default');
    return stream;
  };

  const root = pino(pinoOptions, streamFor(shared)) as Tagged;
  const pinoChild = root.child as unknown as (this: pino.Logger, bindings: pino.Bindings, options: object) => Tagged;
  const moduleRoots = new Map<string, Tagged>();
  const moduleRoot = (module: string): Tagged => {
    let instance = moduleRoots.get(module);
    if (instance === undefined) {
      const files = [...shared, moduleFiles.get(module) as Destination];
      instance = pino({ ...pinoOptions, level: levels.levelFor(module) }, streamFor(files)) as Tagged;
      decorate(instance, module);
      levels.track(module, instance);
      moduleRoots.set(module, instance);
    }
    return instance;
  };

  let stopped: Promise<void> | undefined;
  let releaseExitHook = () => {};
  const controls: LoggerControls = {
    setLevel(...args: [LevelName] | [string, LevelName | undefined]) {
      if (args.length === 1) levels.setDefault(args[0]);
      else levels.setModule(args[0], args[1]);
    },
    getLevels: () => levels.snapshot(),
    flushSync() {
      for (const destination of destinations) destination.flushSync();
    },
    stop() {
      stopped ??= (async () => {
        releaseExitHook();
        levels.silenceAll();
        await Promise.all(destinations.map((destination) => destination.end()));
      })();
      return stopped;
    },
    ready: Promise.all(destinations.map((destination) => destination.ready)).then(() => {}),
  };

  function child(this: Tagged, bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions): pino.Logger {
    const requested = typeof bindings?.module === 'string' ? bindings.module : undefined;
    const current = this[MODULE] ?? NO_MODULE;
    const module = requested ?? current;
    let parent: Tagged = this;
    let own = bindings;
    if (requested !== undefined && requested !== current && moduleFiles.has(requested)) {
      // The module has its own file, so its loggers hang off a pino instance that writes there too.
      parent = moduleRoot(requested);
      if (this !== root) own = { ...inherited(this), ...bindings };
    }
    const created = pinoChild.call(parent, own, {
      ...(redactKeys === undefined ? {} : { formatters: { bindings: redactKeys } }),
      ...childOptions,
      level: childOptions?.level ?? levels.levelFor(module),
    });
    created[MODULE] = module;
    levels.track(module, created);
    return created;
  }

  function decorate(instance: Tagged, module: string): void {
    instance[MODULE] = module;
    Object.assign(instance, controls, { child });
  }

  decorate(root, NO_MODULE);
  levels.track(NO_MODULE, root);
  if (options.flushOnExit !== false) {
    releaseExitHook = flushOnExit({
      flushSync: () => controls.flushSync(),
      crashed: (error) => root.fatal({ err: error }, 'uncaught exception'),
    });
  }
  return root as unknown as OutriderLogger;
}

/** A child's bindings without the base fields every line already has. */
function inherited(logger: pino.Logger): pino.Bindings {
  const bindings: pino.Bindings = {};
  for (const [key, value] of Object.entries(logger.bindings())) if (!BASE_KEYS.has(key)) bindings[key] = value;
  return bindings;
}

/** Compile-time check that an Outrider logger can be handed to anything that takes core's Logger. */
export type CoreCompatible = OutriderLogger extends CoreLogger ? true : never;
