import type { Server } from 'node:http';
import { cacheErrors } from '@outrider/cache';
import {
  type HealthReport,
  type ModuleInterface,
  type ModuleManager,
  type ModuleStatus,
  OutriderError,
} from '@outrider/core';
import {
  AdminAuth,
  close,
  errorHandling,
  hostGuard,
  isLoopbackHost,
  listen,
  metricsRoute,
  requestTimeout,
  urlOf,
} from '@outrider/http';
import type { OutriderLogger } from '@outrider/logger';
import { collectProcessMetrics } from '@outrider/metrics';
import { schedulerErrors } from '@outrider/scheduler';
import Koa from 'koa';
import type { Registry } from 'prom-client';
import type { OpsConfig } from './ops-config.js';
import { opsRoutes } from './ops-routes.js';
import type { ServiceCatalog } from './service-catalog.js';

export interface OpsServerParts {
  readonly service: string;
  readonly config: OpsConfig;
  readonly manager: ModuleManager;
  readonly registry: Registry;
  readonly catalog: ServiceCatalog;
  readonly logger: OutriderLogger;
}

/** A request, received and answered, must take no longer; a slow /metrics scrape is cut here too. */
const REQUEST_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 5_000;
const MAX_CONNECTIONS = 64;
/** A metric of collectProcessMetrics: present when the registry has process metrics already. */
const PROCESS_METRIC = 'process_cpu_user_seconds_total';

/**
 * The service's ops port as the module `ops`: /healthz, /readyz, /metrics and the /api routes on
 * Koa, built from the same @outrider/http pieces as the sidecar's port. Making it adds the process
 * metrics to the service registry (once; kept across restarts of the module).
 */
export class OpsServer implements ModuleInterface {
  readonly name = 'ops';
  readonly #config: OpsConfig;
  readonly #logger: OutriderLogger;
  readonly #app: Koa;
  readonly #auth: AdminAuth;
  #server: Server | undefined;
  #status: ModuleStatus = 'registered';

  constructor(parts: OpsServerParts) {
    const { config, registry } = parts;
    this.#config = config;
    this.#logger = parts.logger.child({ module: 'ops' });
    this.#auth = new AdminAuth(config.token);
    // In the service registry they travel over OTLP with the rest, as the sidecar's do in its own.
    if (registry.getSingleMetric(PROCESS_METRIC) === undefined) collectProcessMetrics(registry);
    const routes = opsRoutes({ ...parts, logger: parts.logger, auth: this.#auth });
    const metrics = metricsRoute({ registry, logger: () => this.#logger });
    const app = new Koa();
    app.on('error', (error: unknown) => this.#logger.warn({ err: error }, 'ops response failed'));
    app.use(errorHandling(() => this.#logger, [cacheErrors, schedulerErrors]));
    app.use(hostGuard(config.host, []));
    app.use(requestTimeout(() => REQUEST_TIMEOUT_MS));
    // The router answers HEAD with the GET route; metricsRoute sends the headers alone.
    routes.get('/metrics', metrics);
    app.use(routes.routes());
    app.use(routes.allowedMethods());
    this.#app = app;
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  /** `http://host:port` once listening. */
  get url(): string {
    if (this.#server === undefined)
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'the ops port is not listening');
    return urlOf(this.#server);
  }

  initialize(): void {
    this.#status = 'initialized';
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    this.#status = 'starting';
    try {
      this.#server = await listen(this.#app.callback(), {
        host: this.#config.host,
        port: this.#config.port,
        requestTimeout: REQUEST_TIMEOUT_MS,
        idleTimeout: IDLE_TIMEOUT_MS,
        maxConnections: MAX_CONNECTIONS,
        module: this.name,
      });
    } catch (error) {
      this.#status = 'failed';
      throw error;
    }
    this.#status = 'running';
    const admin = this.#auth.enabled;
    this.#logger.info({ url: this.url, admin }, 'ops port listening');
    if (!isLoopbackHost(this.#config.host) && !admin) {
      this.#logger.warn(
        { host: this.#config.host },
        'the ops port listens beyond loopback without a token: /metrics and /api are open to the network (mutating routes stay off)',
      );
    }
  }

  async stop(signal?: AbortSignal): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) {
      if (this.#status !== 'registered') this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    try {
      await close(server, signal);
    } finally {
      this.#status = 'stopped';
    }
  }

  health(): HealthReport {
    return this.#server?.listening === true
      ? { status: 'healthy' }
      : { status: 'unhealthy', detail: 'the ops port is not listening' };
  }
}
