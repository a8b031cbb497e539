import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Cache, CacheStats } from '@outrider/cache';
import { configInvalid, type SourcedConfigProblem } from '@outrider/config';
import {
  type Clock,
  type HealthReport,
  ModuleManager,
  OutriderError,
  type Readiness,
  readinessOf,
  type StartReport,
  systemClock,
  toError,
} from '@outrider/core';
import { createLogger, type OutriderLogger } from '@outrider/logger';
import { createRegistry } from '@outrider/metrics';
import {
  type BatchQueue,
  type BatchQueueStats,
  type JobStatus,
  RedisLockProvider,
  type RunReport,
  Scheduler,
} from '@outrider/scheduler';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { type LoadedConfig, type LoadedPlugin, type LoadOptions, loadConfig } from '../config/load.js';
import { LOG_LEVELS, type LogLevel, type SidecarConfig } from '../config/schema.js';
import { ConsoleModule, type ConsoleSource } from '../console/console-module.js';
import type { AgentApi, ConfigView, ModuleView, PluginView, ReloadResult } from '../http/agent-api.js';
import { RouteTable } from '../http/route-table.js';
import { createHttpServer, type HttpServer } from '../http/server.js';
import { SIDECAR_VERSION } from '../version.js';
import { configLeaves } from './config-leaves.js';
import { DashboardsModule } from './dashboards-module.js';
import type { HostServices } from './host-services.js';
import { pluginConfigView } from './plugin-config-view.js';
import { PluginModule } from './plugin-module.js';
import { currentPlugin } from './plugin-scope.js';
import { planReload } from './reload-plan.js';
import { SelfMetrics, type UncaughtKind } from './self-metrics.js';

export interface AgentOptions extends LoadOptions {
  clock?: Clock;
  /** Default: a logger built from the `log` section of the config. */
  logger?: OutriderLogger;
}

/** Sidecar keys a reload cannot change: the HTTP server is bound and state is on disk. */
const RESTART_KEYS = ['server', 'stateDir', 'ui'] as const;

function buildLogger(config: SidecarConfig, registry: Registry): OutriderLogger {
  return createLogger({
    name: 'outrider',
    level: config.log.level,
    ...(config.log.pretty === undefined ? {} : { pretty: config.log.pretty }),
    ...(config.log.dir === undefined ? {} : { file: join(config.log.dir, 'outrider.log') }),
    registry,
  });
}

/**
 * The sidecar: built-in modules (HTTP server, scheduler) and the configured plugins on one
 * ModuleManager, with hot reload as a diff. It is what the HTTP API asks (AgentApi).
 */
export class Agent implements AgentApi, ConsoleSource {
  readonly registry: Registry;
  readonly logger: OutriderLogger;
  readonly manager: ModuleManager;
  readonly #options: AgentOptions;
  readonly #clock: Clock;
  readonly #http: HttpServer;
  readonly #host: HostServices;
  readonly #metrics: SelfMetrics;
  readonly #dashboards: DashboardsModule;
  readonly #plugins = new Map<string, PluginModule>();
  #loaded: LoadedConfig;
  /** What the sidecar started with: the source of the keys only a restart changes. */
  readonly #bootSource: LoadedConfig['source'];
  /** The connection to the `redis:` of the config, when there is one. */
  readonly #redis: Redis | undefined;
  /** The reload in progress, if any: reloads run one after another. */
  #reloading: Promise<unknown> = Promise.resolve();

  /** Loads and validates the config (every plugin's too); throws OUTRIDER_CONFIG_INVALID before anything runs. */
  static async create(options: AgentOptions = {}): Promise<Agent> {
    const loaded = await loadConfig(options);
    const registry = createRegistry({ defaultMetrics: false });
    const logger = options.logger ?? buildLogger(loaded.config, registry);
    const { redis } = loaded.config;
    // Loaded only when configured: ioredis is not part of a sidecar without Redis.
    const connection =
      redis === undefined
        ? undefined
        : await (await import('@outrider/redis')).connectRedis(redis, logger.child({ module: 'redis' }));
    const agent = new Agent(options, loaded, { registry, logger, redis: connection });
    agent.#createPlugins([...agent.#plugins.values()], loaded);
    return agent;
  }

  /** Runs each plugin's factory; any that throws is a config error naming its instance. */
  #createPlugins(modules: readonly PluginModule[], loaded: LoadedConfig): void {
    const problems = modules.flatMap((module) => this.#createProblem(module, loaded) ?? []);
    if (problems.length > 0) throw configInvalid(loaded.source.file ?? 'outrider config', problems);
  }

  /** Runs the plugin's factory; a throw comes back as the config problem of its instance. */
  #createProblem(module: PluginModule, loaded: LoadedConfig): SourcedConfigProblem | undefined {
    try {
      module.create();
      return undefined;
    } catch (error) {
      const message = `plugin "${module.loaded.plugin.name}" could not be created from this config: ${toError(error).message}`;
      return { ...loaded.source.problemAt(`plugins.${module.name}`, message), received: 'an object' };
    }
  }

  private constructor(
    options: AgentOptions,
    loaded: LoadedConfig,
    made: { registry: Registry; logger: OutriderLogger; redis: Redis | undefined },
  ) {
    const { redis } = made;
    this.registry = made.registry;
    this.logger = made.logger;
    this.#options = options;
    this.#loaded = loaded;
    this.#bootSource = loaded.source;
    const { config } = loaded;
    this.#clock = options.clock ?? systemClock;
    this.manager = new ModuleManager({ clock: this.#clock, logger: this.logger, healthCheckInterval: 10_000 });
    this.#redis = redis;
    const scheduler = new Scheduler({
      clock: this.#clock,
      registry: this.registry,
      ...(redis === undefined || config.redis === undefined
        ? {}
        : {
            lock: new RedisLockProvider({
              redis,
              prefix: `${config.redis.keyPrefix}lock:`,
              timeout: config.redis.commandTimeout,
              registry: this.registry,
              clock: this.#clock,
              logger: this.logger.child({ module: 'scheduler' }),
            }),
          }),
    });
    const routes = new RouteTable();
    this.#http = createHttpServer({
      host: config.server.host,
      port: config.server.port,
      ...(config.admin.token === undefined ? {} : { adminToken: config.admin.token }),
      bodyLimitBytes: config.server.bodyLimitBytes,
      allowedHosts: config.server.allowedHosts,
      requestTimeoutMs: config.server.requestTimeout,
      idleTimeoutMs: config.server.idleTimeout,
      maxConnections: config.server.maxConnections,
      registry: this.registry,
      logger: this.logger.child({ module: 'http' }),
      api: this,
      routes,
    });
    this.#host = {
      registry: this.registry,
      scheduler,
      routes,
      clock: this.#clock,
      logger: this.logger,
      stateDir: resolve(options.cwd ?? process.cwd(), config.stateDir),
      caches: new Map(),
      queues: new Map(),
    };
    this.#metrics = new SelfMetrics(this.registry, SIDECAR_VERSION, () => this.manager.status());
    this.#metrics.loaded(this.#clock.now());
    this.#dashboards = new DashboardsModule(routes);
    this.manager.register(this.#http, { required: true });
    this.manager.register(scheduler, { required: true });
    this.manager.register(this.#dashboards, { required: true });
    if (config.ui.enabled) {
      this.manager.register(
        new ConsoleModule({
          routes,
          registry: this.registry,
          clock: this.#clock,
          logger: this.logger.child({ module: 'console' }),
          source: this,
          version: SIDECAR_VERSION,
          sampleIntervalMs: config.ui.sampleInterval,
        }),
        // A console that fails to start does not make the sidecar unready.
        { required: false },
      );
    }
    for (const plugin of loaded.plugins) this.#addPlugin(new PluginModule(plugin, this.#host));
    this.#refreshDashboards();
    for (const { variable, suggestion } of loaded.unknownEnv) {
      this.logger.warn({ variable, suggestion }, 'environment variable matches no config key');
    }
  }

  #refreshDashboards(): void {
    const contributions = [...this.#plugins.values()].flatMap(({ loaded }) => loaded.plugin.dashboards ?? []);
    // One plugin may run as several instances; its panels appear once.
    this.#dashboards.setContributions([...new Set(contributions)]);
  }

  /** Where the HTTP server listens, once started (`http://127.0.0.1:9464`). */
  get url(): string {
    return this.#http.url;
  }

  get config(): SidecarConfig {
    return this.#loaded.config;
  }

  /** The config file in use, if any. */
  get file(): string | undefined {
    return this.#loaded.source.file;
  }

  start(): Promise<StartReport> {
    return this.manager.startAll();
  }

  /** Stops every module in reverse order; idempotent. Flushes the logger last. */
  async stop(): Promise<void> {
    await this.manager.stopAll();
    this.#redis?.disconnect();
    this.logger.flushSync();
  }

  /**
   * What to do with an uncaught exception or unhandled rejection (the CLI routes the process events
   * here). One that comes from a plugin instance fails that instance, which its restart policy then
   * restarts; any other is logged and counted. Either way the sidecar keeps serving.
   */
  handleUncaught(error: unknown, kind: UncaughtKind): void {
    const instance = currentPlugin();
    const err = toError(error);
    this.#metrics.uncaught(instance ?? '', kind);
    if (instance === undefined) {
      this.logger.error({ err, kind }, `uncaught ${kind} outside any plugin; the sidecar keeps serving`);
      return;
    }
    this.logger.error({ module: instance, err, kind }, `uncaught ${kind} in plugin ${instance}`);
    // A plugin removed since has nothing left to fail.
    this.#plugins.get(instance)?.fail(new Error(`uncaught ${kind}: ${err.message}`, { cause: err }));
  }

  // ---- AgentApi ------------------------------------------------------------------------------

  status(): ModuleView[] {
    return this.manager.status().map((entry) => {
      const plugin = this.#plugins.get(entry.name)?.loaded.plugin;
      return {
        ...entry,
        since: new Date(entry.since).toISOString(),
        kind: plugin === undefined ? 'built-in' : 'plugin',
        ...(plugin === undefined
          ? {}
          : { plugin: { name: plugin.name, version: plugin.version, stability: plugin.stability } }),
      };
    });
  }

  readiness(): Promise<Readiness> {
    return readinessOf(this.manager);
  }

  effectiveConfig(view: ConfigView): unknown {
    const shown = { ...(this.#loaded.source.redacted() as Record<string, unknown>) };
    // Keys that apply only at start keep the values the sidecar started with.
    const boot = this.#bootSource.redacted() as Record<string, unknown>;
    for (const key of RESTART_KEYS) shown[key] = boot[key];
    shown.plugins = Object.fromEntries(
      [...this.#plugins.values()].map(({ loaded }) => [loaded.instance, pluginConfigView(loaded, view)]),
    );
    return shown;
  }

  configSources(view: ConfigView): Record<string, string> {
    const sources: Record<string, string> = {};
    for (const path of configLeaves(this.effectiveConfig(view))) {
      const top = path.split('.')[0] as string;
      const source = (RESTART_KEYS as readonly string[]).includes(top) ? this.#bootSource : this.#loaded.source;
      sources[path] = source.describeSource(path);
    }
    return sources;
  }

  async moduleHealth(): Promise<Record<string, HealthReport>> {
    return (await this.manager.health()).modules;
  }

  adminEnabled(): boolean {
    return this.#http.adminEnabled;
  }

  plugins(): PluginView[] {
    const states = new Map(this.manager.status().map((entry) => [entry.name, entry.state]));
    return [...this.#plugins.values()].map(({ loaded }) => ({
      name: loaded.instance,
      use: loaded.use,
      version: loaded.plugin.version,
      stability: loaded.plugin.stability,
      required: loaded.required,
      state: states.get(loaded.instance) ?? 'registered',
    }));
  }

  schedulerJobs(): JobStatus[] {
    return this.#host.scheduler.list();
  }

  runJob(id: string): Promise<RunReport> {
    return this.#host.scheduler.runNow(id);
  }

  cacheStats(): (CacheStats & { name: string; plugin: string })[] {
    return [...this.#host.caches].flatMap(([plugin, caches]) =>
      [...caches].map((cache: Cache<unknown>) => ({ name: cache.name, plugin, ...cache.stats() })),
    );
  }

  queueStats(): BatchQueueStats[] {
    return [...this.#host.queues.values()].flatMap((queues) =>
      [...queues].map((queue: BatchQueue<unknown>) => queue.stats()),
    );
  }

  /** Re-reads the config and applies it as a diff; one reload at a time. */
  reload(): Promise<ReloadResult> {
    // A failed reload does not stop the next one.
    const next = this.#reloading.catch(() => undefined).then(() => this.#reload());
    this.#reloading = next;
    return next;
  }

  async restartPlugin(name: string): Promise<void> {
    await this.manager.restart(name);
  }

  setLogLevel(level: string, module?: string): void {
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `log level "${level}" is not one of ${LOG_LEVELS.join(', ')}`,
        { details: { field: 'level' } },
      );
    }
    if (module === undefined) this.logger.setLevel(level as LogLevel);
    else this.logger.setLevel(module, level as LogLevel);
    this.logger.info({ level, module }, 'log level changed');
  }

  // ---- reload --------------------------------------------------------------------------------

  async #reload(): Promise<ReloadResult> {
    let next: LoadedConfig;
    try {
      next = await loadConfig(this.#options);
    } catch (error) {
      const reason = toError(error);
      const code = (error as OutriderError).code ?? 'OUTRIDER_CONFIG_INVALID';
      this.#metrics.reloaded('failure', this.#clock.now());
      this.logger.error({ err: reason }, 'config reload rejected; the running config stays');
      return { ...emptyResult('rejected'), error: { code, message: reason.message } };
    }
    const plan = planReload(this.#plugins, next.plugins);
    // New instances are created before anything changes: a factory that throws rejects the reload.
    const added = plan.add.map((loaded) => new PluginModule(loaded, this.#host));
    try {
      this.#createPlugins(added, next);
    } catch (error) {
      for (const module of added) module.release();
      this.#metrics.reloaded('failure', this.#clock.now());
      this.logger.error({ err: toError(error) }, 'config reload rejected; the running config stays');
      return {
        ...emptyResult('rejected'),
        error: { code: 'OUTRIDER_CONFIG_INVALID', message: toError(error).message },
      };
    }
    // Replacements come next, before anything else changes: a factory that throws on its new config
    // rejects the reload, and every instance replaced so far goes back to the config it ran with.
    const replacedFrom: LoadedPlugin[] = [];
    for (const loaded of plan.replace) {
      const previous = (this.#plugins.get(loaded.instance) as PluginModule).loaded;
      const problem = await this.#replacePlugin(loaded, next);
      if (problem === undefined) {
        replacedFrom.push(previous);
        continue;
      }
      await this.#replacePlugin(previous, this.#loaded);
      for (const earlier of replacedFrom) await this.#replacePlugin(earlier, this.#loaded);
      for (const module of added) module.release();
      await this.manager.start([...replacedFrom, previous].map((plugin) => plugin.instance));
      const error = configInvalid(next.source.file ?? 'outrider config', [problem]);
      this.#metrics.reloaded('failure', this.#clock.now());
      this.logger.error({ err: error }, 'config reload rejected; the running config stays');
      return { ...emptyResult('rejected'), error: { code: error.code, message: error.message } };
    }
    const result = emptyResult('applied');
    result.restarted.push(...plan.replace.map((loaded) => loaded.instance));
    for (const name of plan.remove) {
      await this.#removePlugin(name);
      result.removed.push(name);
    }
    const late: SourcedConfigProblem[] = [];
    for (const loaded of plan.reconfigure) {
      const module = this.#plugins.get(loaded.instance) as PluginModule;
      try {
        await module.reconfigure(loaded.config);
        result.reconfigured.push(loaded.instance);
        continue;
      } catch (error) {
        this.logger.warn({ module: loaded.instance, err: error }, 'reconfigure failed; replacing the plugin');
      }
      const previous = module.loaded;
      const problem = await this.#replacePlugin(loaded, next);
      // Its new config cannot be created: the instance starts again with the config it ran with.
      if (problem !== undefined) {
        late.push(problem);
        await this.#replacePlugin(previous, this.#loaded);
      }
      result.restarted.push(loaded.instance);
    }
    for (const module of added) {
      this.#addPlugin(module);
      result.added.push(module.name);
    }
    await this.manager.start([...result.restarted, ...result.added]);
    this.#refreshDashboards();
    result.pendingRestart = this.#applyHostChanges(next.config);
    this.#loaded = next;
    const changed = result.added.length + result.removed.length + result.reconfigured.length + result.restarted.length;
    if (changed === 0) result.result = 'unchanged';
    if (late.length > 0) {
      const error = configInvalid(next.source.file ?? 'outrider config', late);
      result.error = { code: error.code, message: error.message };
      this.logger.error({ err: error }, 'config reloaded, except instances whose new config could not be created');
    }
    this.#metrics.reloaded(late.length > 0 ? 'failure' : 'success', this.#clock.now());
    this.logger.info({ ...result, unchanged: plan.unchanged }, 'config reloaded');
    return result;
  }

  /** Applies log level and admin token; returns the keys that differ from what the sidecar started with. */
  #applyHostChanges(next: SidecarConfig): string[] {
    const previous = this.#loaded.config;
    if (previous.log.level !== next.log.level) this.logger.setLevel(next.log.level);
    if (previous.admin.token !== next.admin.token) this.#http.setAdminToken(next.admin.token);
    const boot = this.#bootSource.getAll();
    const needsRestart = RESTART_KEYS.filter((key) => !isDeepStrictEqual(boot[key], next[key]));
    if (needsRestart.length > 0) {
      this.logger.warn({ keys: needsRestart }, 'these config keys take effect after a restart of the sidecar');
    }
    return [...needsRestart];
  }

  #addPlugin(module: PluginModule): void {
    this.manager.register(module, {
      required: module.loaded.required,
      ...(module.loaded.restart === undefined ? {} : { restart: module.loaded.restart }),
    });
    this.#plugins.set(module.name, module);
  }

  /**
   * Stops the instance and registers a module for `loaded` in its place, created but not started. A
   * factory that throws leaves the instance out and comes back as its config problem.
   */
  async #replacePlugin(loaded: LoadedPlugin, config: LoadedConfig): Promise<SourcedConfigProblem | undefined> {
    await this.#removePlugin(loaded.instance);
    const module = new PluginModule(loaded, this.#host);
    const problem = this.#createProblem(module, config);
    if (problem === undefined) this.#addPlugin(module);
    else module.release();
    return problem;
  }

  async #removePlugin(name: string): Promise<void> {
    const module = this.#plugins.get(name);
    if (module === undefined) return;
    await this.manager.unregister(name);
    module.release();
    this.#plugins.delete(name);
  }
}

const emptyResult = (result: ReloadResult['result']): ReloadResult => ({
  result,
  added: [],
  removed: [],
  reconfigured: [],
  restarted: [],
  pendingRestart: [],
});
