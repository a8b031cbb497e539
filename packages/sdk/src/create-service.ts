import { ConfigManager } from '@outrider/config';
import { type Clock, ModuleManager, OutriderError, parseDuration, type StartReport, systemClock } from '@outrider/core';
import { createLogger, type LoggerOptions, type OutriderLogger } from '@outrider/logger';
import { createRegistry } from '@outrider/metrics';
import type { RedisConfig } from '@outrider/redis';
import { startTelemetry, type Telemetry } from '@outrider/telemetry';
import type { z } from 'zod';
import { type OpsConfig, withOpsSection } from './ops-config.js';
import { ServiceCatalog, serviceContext } from './service-catalog.js';
import type { Service, ServiceConfig, ServiceOptions } from './service-options.js';
import { connectServiceRedis, type ServiceRedisConnection, withRedisSection } from './service-redis.js';
import { handleSignals } from './signals.js';

function isLogger(value: LoggerOptions | OutriderLogger | undefined): value is OutriderLogger {
  return typeof (value as OutriderLogger | undefined)?.info === 'function';
}

/** Runs `work` within `ms` on `clock`; past it, rejects with OUTRIDER_DEADLINE_EXCEEDED. */
async function within<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () => reject(new OutriderError('OUTRIDER_DEADLINE_EXCEEDED', `${what} did not finish within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}

/**
 * A service in one call: config (when a schema is given), the logger, OpenTelemetry export to the
 * sidecar, a ModuleManager running `modules`, and graceful shutdown on SIGTERM/SIGINT.
 */
export function createService<S extends z.ZodType | undefined = undefined>(options: ServiceOptions<S>): Service<S> {
  if (typeof options.name !== 'string' || options.name.trim() === '') {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'createService: name must be a non-empty string');
  }
  const clock = options.clock ?? systemClock;
  const shutdownTimeout = parseDuration(options.shutdownTimeout ?? '25s', 'shutdownTimeout');
  const registry = options.registry ?? createRegistry({ defaultMetrics: false });
  const ownsLogger = !isLogger(options.logger);
  const logger = isLogger(options.logger)
    ? options.logger
    : createLogger({ name: options.name, registry, ...options.logger });
  // With `redis`, the config gains a `redis:` section (a service without a schema gets one of that alone).
  const redisOption = options.redis ?? false;
  const configOptions =
    redisOption === false
      ? options.config
      : { ...options.config, schema: withRedisSection(options.config?.schema, redisOption) };
  // With `ops`, an `ops:` section too (its defaults from the option), so the token is a secret of the config.
  const withOps =
    options.ops === undefined
      ? configOptions
      : { ...configOptions, schema: withOpsSection(configOptions?.schema, options.ops) };
  const config =
    withOps === undefined
      ? undefined
      : new ConfigManager({ name: options.name, ...withOps, logger: logger.child({ module: 'config' }), clock });
  const manager = new ModuleManager({ ...options.manager, clock, logger });
  const catalog = new ServiceCatalog({ registry, clock, logger, manager });
  let telemetry: Telemetry | undefined;
  let redis: ServiceRedisConnection | undefined;
  let uninstallSignals: (() => void) | undefined;
  let starting: Promise<StartReport> | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<StartReport> {
    // Config first: a bad file or env value fails start before anything runs.
    if (config !== undefined) {
      await config.load();
      manager.register(config);
    }
    if (options.telemetry !== false) {
      const { bridgeRegistry = true, registries = [], ...telemetryOptions } = options.telemetry ?? {};
      telemetry = await startTelemetry({
        serviceName: options.name,
        ...telemetryOptions,
        registries: bridgeRegistry ? [registry, ...registries] : registries,
        logger,
      });
    }
    const redisSection =
      redisOption === false ? undefined : (config?.getAll() as { redis?: RedisConfig } | undefined)?.redis;
    if (redisSection !== undefined) redis = await connectServiceRedis(redisSection, { registry, logger, clock });
    const context = serviceContext<S>(catalog, {
      name: options.name,
      config: (options.config === undefined ? undefined : config?.getAll()) as ServiceConfig<S>,
      logger,
      clock,
      registry,
      redis: catalog.trackRedis(redis?.redis),
    });
    const ops = (config?.getAll() as { ops?: OpsConfig } | undefined)?.ops;
    if (options.ops !== undefined && ops !== undefined) {
      // Loaded only when configured: a service without an ops port does not load Koa.
      const { OpsServer } = await import('./ops-server.js');
      manager.register(new OpsServer({ service: options.name, config: ops, manager, registry, catalog, logger }), {
        required: false,
      });
    }
    for (const entry of options.modules ?? []) manager.register(typeof entry === 'function' ? entry(context) : entry);
    if (options.signals ?? true) {
      uninstallSignals = handleSignals({
        onFirst: async (signal) => {
          logger.info({ signal }, `${signal}: stopping`);
          return stopAll().then(
            () => 0,
            () => 1,
          );
        },
        onSecond: (signal) => {
          logger.warn({ signal }, `${signal} again: exiting now`);
          logger.flushSync();
        },
      });
    }
    const report = await manager.startAll();
    // A signal while modules were starting: the stop under way has the last word.
    if (stopping !== undefined) return report;
    if (report.failed.length > 0 || report.blocked.length > 0) {
      logger.error(
        { failed: report.failed, blocked: report.blocked },
        'some modules did not start; failed ones are retried under their restart policy',
      );
    }
    logger.info({ running: report.running }, `${options.name} started`);
    return report;
  }

  async function shutdown(): Promise<void> {
    await starting?.catch(() => {});
    await manager.stopAll();
    await redis?.close();
    await telemetry?.shutdown();
    logger.info(`${options.name} stopped`);
  }

  /** The stop sequence within the deadline; the logs are flushed whatever happened. */
  function stopAll(): Promise<void> {
    stopping ??= within(clock, shutdownTimeout, 'shutdown', shutdown())
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        throw error;
      })
      .finally(async () => {
        if (ownsLogger) await logger.stop();
        else logger.flushSync();
      });
    return stopping;
  }

  return {
    start() {
      starting ??= start();
      return starting;
    },
    stop() {
      uninstallSignals?.();
      return stopAll();
    },
    manager,
    config: config as Service<S>['config'],
    logger,
    registry,
  };
}
