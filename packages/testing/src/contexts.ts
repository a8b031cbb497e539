import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCache } from '@outrider/cache';
import { type Clock, type Logger, type ModuleContext, silentLogger, systemClock } from '@outrider/core';
import { createRegistry } from '@outrider/metrics';
import type {
  RouteHandler,
  RouteMethod,
  RouteRequest,
  RouteResponse,
  SidecarPluginContext,
} from '@outrider/plugin-api';
import { BatchQueue, Scheduler } from '@outrider/scheduler';

export interface RecordedRoute {
  readonly method: RouteMethod;
  /** The full path the sidecar would serve: `/plugins/<instance>/...` or `/api/...`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

/** A sidecar plugin context whose routes are recorded so a test can call them. */
export interface TestPluginContext extends SidecarPluginContext {
  readonly scheduler: Scheduler;
  readonly recordedRoutes: readonly RecordedRoute[];
  /** Calls the handler mounted at exactly `path` (no `:param` matching), as the sidecar would. */
  request(method: RouteMethod, path: string, request?: Partial<RouteRequest>): Promise<RouteResponse>;
}

/**
 * A plugin context for tests: a fresh prom-client registry, a started scheduler, a temporary state
 * directory, recorded routes, a silent logger and the system clock, unless `overrides` gives others.
 */
export function createTestPluginContext(
  overrides: Partial<Omit<SidecarPluginContext, 'scheduler'>> = {},
): TestPluginContext {
  const instanceName = overrides.instanceName ?? 'test';
  const clock: Clock = overrides.clock ?? systemClock;
  const logger: Logger = overrides.logger ?? silentLogger;
  const registry = overrides.registry ?? createRegistry({ defaultMetrics: false });
  const scheduler = new Scheduler({ clock, logger, registry });
  scheduler.initialize(createTestModuleContext('scheduler', undefined, { clock, logger }));
  scheduler.start();
  const recordedRoutes: RecordedRoute[] = [];
  const mount = (method: RouteMethod, path: string, handler: RouteHandler) => {
    if (!path.startsWith('/')) throw new Error(`route path "${path}" must start with /`);
    recordedRoutes.push({ method, path, handler });
  };
  return {
    instanceName,
    logger,
    clock,
    registry,
    scheduler,
    stateDir: join(mkdtempSync(join(tmpdir(), 'outrider-plugin-')), instanceName),
    routes: {
      add: (method, path, handler) => mount(method, `/plugins/${instanceName}${path}`, handler),
      addApi: (method, path, handler) => mount(method, `/api${path}`, handler),
    },
    createCache: (options) => createCache({ ...options, registry, clock, logger }),
    createQueue: (options) => new BatchQueue({ ...options, registry, clock, logger }),
    recordedRoutes,
    async request(method, path, request = {}) {
      const route = recordedRoutes.find((candidate) => candidate.method === method && candidate.path === path);
      if (route === undefined) throw new Error(`no ${method} route at ${path}`);
      return route.handler({
        method,
        path,
        params: {},
        query: new URLSearchParams(),
        headers: {},
        body: undefined,
        ...request,
      });
    },
    ...overrides,
  };
}

export interface TestModuleContext<Config> extends ModuleContext<Config> {
  /** Failures the module reported through `ctx.reportFailure`. */
  readonly reportedFailures: unknown[];
  /** Aborts `signal`, as the manager does when it stops the module. */
  abort(): void;
}

/** A module context for calling a module's lifecycle directly, recording what it reports. */
export function createTestModuleContext<Config>(
  name: string,
  config: Config,
  options: { clock?: Clock; logger?: Logger } = {},
): TestModuleContext<Config> {
  const controller = new AbortController();
  const reportedFailures: unknown[] = [];
  return {
    name,
    config,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    signal: controller.signal,
    reportFailure: (error) => reportedFailures.push(error),
    reportedFailures,
    abort: () => controller.abort(),
  };
}
