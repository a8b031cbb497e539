import type { Cache, CacheOptions } from '@outrider/cache';
import type { ConfigManager, ConfigManagerOptions } from '@outrider/config';
import type {
  Clock,
  Duration,
  ModuleInterface,
  ModuleManager,
  ModuleManagerOptions,
  StartReport,
} from '@outrider/core';
import type { LoggerOptions, OutriderLogger } from '@outrider/logger';
import type { BatchQueue, BatchQueueOptions, Scheduler } from '@outrider/scheduler';
import type { TelemetryOptions } from '@outrider/telemetry';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { OpsOptions } from './ops-config.js';
import type { ServiceRedis, ServiceRedisOption } from './service-redis.js';

/** The service's config values: the schema's output, or `undefined` for a service without config. */
export type ServiceConfig<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a module factory receives once config is loaded and the logger exists. */
export interface ServiceContext<S> {
  readonly name: string;
  /** The validated config (frozen), or `undefined` when the service has no schema. */
  readonly config: ServiceConfig<S>;
  readonly logger: OutriderLogger;
  readonly clock: Clock;
  /** The service's prom-client registry: pass it to the SDK pieces (`createCache({ registry })`, ...). */
  readonly registry: Registry;
  /**
   * The `redis:` section's connection and primitives, when the service has the `redis` option and the
   * section; its distributed caches and stream queues are listed on the ops port.
   */
  readonly redis?: ServiceRedis | undefined;
  /** A cache on the service's registry and clock, listed on the ops port (`/api/cache/stats`). */
  createCache<V>(options: Omit<CacheOptions, 'registry' | 'clock'>): Cache<V>;
  /** A BatchQueue on the service's registry and clock, listed on the ops port; return it as a module to run it. */
  createQueue<T>(options: Omit<BatchQueueOptions<T>, 'registry' | 'clock'>): BatchQueue<T>;
  /**
   * The service's scheduler, made on first read and run as the module `scheduler`; its jobs are listed on
   * the ops port (`/api/scheduler/jobs`) and can be run from there. With `redis`, its fires are locked
   * through `redis.lockProvider()` (one replica runs each). Read it in a module factory.
   */
  readonly scheduler: Scheduler;
}

// biome-ignore lint/suspicious/noExplicitAny: a service mixes modules of any config type.
type AnyModule = ModuleInterface<any>;

/** A module, or a factory called at `start()` with the loaded config and the logger. */
export type ServiceModule<S> = AnyModule | ((context: ServiceContext<S>) => AnyModule);

export interface ServiceOptions<S extends z.ZodType | undefined = undefined> {
  /** The service's name: logger `name`, OpenTelemetry `service.name`, config file and env prefix. */
  name: string;
  /** Started in dependency order (`dependsOn`), independent ones together; stopped in reverse. */
  modules?: readonly ServiceModule<S>[];
  /** Layered config (`@outrider/config`): file `<name>.config.*`, env `<NAME>_<PATH>`, schema defaults. */
  config?: S extends z.ZodType ? Omit<ConfigManagerOptions<S>, 'name' | 'logger' | 'clock'> & { name?: string } : never;
  /**
   * OpenTelemetry export to the sidecar (default on; endpoint from OTEL_EXPORTER_OTLP_ENDPOINT or
   * 127.0.0.1:4318, metrics every 10 s); `false` for none. `registry` travels with the OTLP metrics
   * unless `bridgeRegistry` is false; `registries` adds more (prom-client's global `register`, ...).
   */
  telemetry?:
    | false
    | (Omit<TelemetryOptions, 'serviceName' | 'logger'> & { serviceName?: string; bridgeRegistry?: boolean });
  /**
   * A `redis:` config section (`@outrider/redis`: url, tls, credentials by `secretFile`, keyPrefix),
   * connected at start and closed after the modules stopped; modules get it as `ctx.redis`. `true`: the
   * section is always there (defaults: redis://127.0.0.1:6379); `'optional'`: only when configured.
   */
  redis?: ServiceRedisOption;
  /**
   * The service's own ops port (off unless given): /healthz, /readyz, /metrics (with process metrics),
   * /api/cache/stats, /api/tasks/queue/stats, /api/scheduler/jobs, and with `token` the mutating routes.
   * Adds an `ops:` config section whose defaults are these values (`<NAME>_OPS__PORT` overrides).
   */
  ops?: OpsOptions;
  /** The prom-client registry the service's SDK pieces record into. Default a new one, without process metrics. */
  registry?: Registry;
  /** Options for `createLogger` (the name defaults to the service name), or a logger of your own. */
  logger?: LoggerOptions | OutriderLogger;
  /** Stop on SIGTERM and SIGINT and exit 0 (1 when the stop failed); a second signal exits 1 at once. Default true. */
  signals?: boolean;
  /** The whole stop (modules, telemetry flush, logs) must finish within this. Default `25s`. */
  shutdownTimeout?: Duration;
  /** Deadlines, restart policy and health polling for the module manager. */
  manager?: Omit<ModuleManagerOptions, 'clock' | 'logger'>;
  clock?: Clock;
}

export interface Service<S extends z.ZodType | undefined = undefined> {
  /** Loads config, starts telemetry, creates and starts the modules, installs the signal handlers. */
  start(): Promise<StartReport>;
  /** Stops the modules in reverse order, then flushes telemetry and logs, within `shutdownTimeout`. Idempotent. */
  stop(): Promise<void>;
  readonly manager: ModuleManager;
  /** The config manager, when a schema was given. */
  readonly config: S extends z.ZodType ? ConfigManager<S> : undefined;
  readonly logger: OutriderLogger;
  /** The service's prom-client registry (bridged into the OTLP metrics by default). */
  readonly registry: Registry;
}
