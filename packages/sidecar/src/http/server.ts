import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configErrors } from '@outrider/config';
import {
  type HealthReport,
  type Logger,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  silentLogger,
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
} from '@outrider/http';
import { counter, createRegistry } from '@outrider/metrics';
import { schedulerErrors } from '@outrider/scheduler';
import Koa from 'koa';
import type { Counter, Registry } from 'prom-client';
import { sidecarErrors } from '../error-codes.js';
import type { AgentApi } from './agent-api.js';
import { apiRoutes } from './api-routes.js';
import { Dispatcher } from './dispatcher.js';
import { HttpMetrics } from './http-metrics.js';
import { observeRequests } from './observe-requests.js';
import { pluginRoute } from './plugin-route.js';
import { RouteTable } from './route-table.js';

export interface HttpServerOptions {
  /** Module name. Default `'http'`. */
  name?: string;
  /** Default `'127.0.0.1'`; any other host without an admin token logs a warning at start. */
  host?: string;
  /** Default 9464; 0 picks a free port (read it back from `url` or `address()`). */
  port?: number;
  /** Turns the admin routes on; they then need `Authorization: Bearer <token>`. */
  adminToken?: string;
  /**
   * Names besides the bound address, `localhost` and loopback addresses that requests may carry in
   * `Host`; any other is refused with 403 (DNS rebinding). Default none.
   */
  allowedHosts?: readonly string[];
  /** Largest request body, in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** How long a request may take, receiving and answering. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this long. Default 5000 ms. */
  idleTimeoutMs?: number;
  /** Open connections; more are closed as they arrive. Default 256. */
  maxConnections?: number;
  /** Served at /metrics, and where the server's own request metrics go. Default: a new Registry. */
  registry?: Registry;
  /** Default: the module context's logger, else silent. */
  logger?: Logger;
  /** What the routes render. */
  api: AgentApi;
  /** Plugin routes; default an empty table. */
  routes?: RouteTable;
  /** Longest stretch of /metrics formatting before yielding to the event loop, in ms. Default 2. */
  metricsSliceMs?: number;
}

/** What `reconfigure` applies on a running server. */
export interface HttpServerSettings {
  /** Absent or empty turns the admin routes off. */
  adminToken?: string;
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
  /** A change of host or port throws OUTRIDER_CONFIG_RESTART_REQUIRED: restart the module to rebind. */
  host?: string;
  port?: number;
}

const MiB = 1024 * 1024;

/**
 * The sidecar's HTTP server as a module: Koa behind node:http, serving /metrics, health,
 * readiness, the agent's API and the plugins' routes. `start` listens, `stop` closes (idempotent,
 * safe before start; open connections are cut when the stop signal aborts).
 */
export class HttpServer implements ModuleInterface<HttpServerSettings> {
  readonly name: string;
  readonly registry: Registry;
  readonly routes: RouteTable;
  readonly #host: string;
  readonly #port: number;
  readonly #auth: AdminAuth;
  readonly #app: Koa;
  #bodyLimitBytes: number;
  #requestTimeoutMs: number;
  readonly #idleTimeoutMs: number;
  readonly #maxConnections: number;
  #logger: Logger;
  readonly #explicitLogger: boolean;
  #server: Server | undefined;
  #status: ModuleStatus = 'registered';

  constructor(options: HttpServerOptions) {
    if (options?.api === undefined) {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'createHttpServer: `api` (the AgentApi) is required');
    }
    this.name = options.name ?? 'http';
    this.#host = options.host ?? '127.0.0.1';
    this.#port = checkInteger('port', options.port ?? 9464, 0, 65_535);
    this.#bodyLimitBytes = checkInteger('bodyLimitBytes', options.bodyLimitBytes ?? MiB, 1);
    this.#requestTimeoutMs = checkInteger('requestTimeoutMs', options.requestTimeoutMs ?? 30_000, 1);
    this.#idleTimeoutMs = checkInteger('idleTimeoutMs', options.idleTimeoutMs ?? 5000, 1);
    this.#maxConnections = checkInteger('maxConnections', options.maxConnections ?? 256, 1);
    this.#auth = new AdminAuth(options.adminToken);
    this.#logger = options.logger ?? silentLogger;
    this.#explicitLogger = options.logger !== undefined;
    this.registry = options.registry ?? createRegistry({ defaultMetrics: false });
    this.#dropped = counter(this.registry, {
      name: 'outrider_http_connections_refused_total',
      help: 'Connections to the HTTP port closed at once because server.maxConnections were open.',
    });
    this.routes = options.routes ?? new RouteTable();
    this.#app = this.#buildApp(options);
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  /** The bound address once listening, else undefined. */
  address(): AddressInfo | undefined {
    const address = this.#server?.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /** `http://host:port`: the bound one once listening (the real port when configured as 0), else the configured one. */
  get url(): string {
    const bound = this.address();
    const host = bound?.address ?? this.#host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${bound?.port ?? this.#port}`;
  }

  get adminEnabled(): boolean {
    return this.#auth.enabled;
  }

  /** Turns admin routes on with `token`, or off when it is undefined or empty. Takes effect for the next request. */
  setAdminToken(token: string | undefined): void {
    this.#auth.setToken(token);
    if (this.#server !== undefined) this.#warnIfExposed();
  }

  initialize(ctx: ModuleContext<HttpServerSettings>): void {
    if (!this.#explicitLogger) this.#logger = ctx.logger ?? this.#logger;
    this.#status = 'initialized';
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    this.#status = 'starting';
    let server: Server;
    try {
      server = await listen(this.#app.callback(), {
        host: this.#host,
        port: this.#port,
        requestTimeout: this.#requestTimeoutMs,
        idleTimeout: this.#idleTimeoutMs,
        maxConnections: this.#maxConnections,
        onDrop: () => this.#connectionsRefused(),
        module: this.name,
      });
    } catch (error) {
      this.#status = 'failed';
      throw error;
    }
    this.#server = server;
    this.#status = 'running';
    this.#logger.info({ url: this.url, admin: this.#auth.enabled }, 'HTTP server listening');
    this.#warnIfExposed();
  }

  async stop(signal?: AbortSignal): Promise<void> {
    const server = this.#server;
    if (server === undefined) {
      if (this.#status !== 'registered') this.#status = 'stopped';
      return;
    }
    this.#server = undefined;
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
      : { status: 'unhealthy', detail: 'the HTTP server is not listening' };
  }

  reconfigure(next: HttpServerSettings): void {
    if (
      (next.host !== undefined && next.host !== this.#host) ||
      (next.port !== undefined && next.port !== this.#port)
    ) {
      throw configErrors.create(
        'OUTRIDER_CONFIG_RESTART_REQUIRED',
        `the HTTP server's host and port change only on restart (${this.#host}:${this.#port} -> ${next.host ?? this.#host}:${next.port ?? this.#port})`,
        { module: this.name },
      );
    }
    if (next.bodyLimitBytes !== undefined)
      this.#bodyLimitBytes = checkInteger('bodyLimitBytes', next.bodyLimitBytes, 1);
    if (next.requestTimeoutMs !== undefined) {
      this.#requestTimeoutMs = checkInteger('requestTimeoutMs', next.requestTimeoutMs, 1);
    }
    this.setAdminToken(next.adminToken);
  }

  #buildApp(options: HttpServerOptions): Koa {
    const app = new Koa();
    // Errors are answered and logged by errorHandling; what reaches here happened after the answer began.
    app.on('error', (error: unknown) => this.#logger.warn({ err: error }, 'HTTP response failed'));
    const bodyLimit = () => this.#bodyLimitBytes;
    const dispatcher = new Dispatcher(
      [
        {
          method: 'GET',
          path: '/metrics',
          handle: metricsRoute({
            registry: this.registry,
            logger: () => this.#logger,
            ...(options.metricsSliceMs === undefined ? {} : { slice: options.metricsSliceMs }),
          }),
        },
        ...apiRoutes(options.api, this.#auth, bodyLimit),
      ],
      this.routes,
      (route) => pluginRoute(route, bodyLimit),
    );
    app.use(observeRequests(new HttpMetrics(this.registry)));
    app.use(errorHandling(() => this.#logger, [sidecarErrors, schedulerErrors]));
    app.use(hostGuard(this.#host, options.allowedHosts ?? [], 'server.allowedHosts'));
    app.use(requestTimeout(() => this.#requestTimeoutMs));
    app.use(dispatcher.middleware());
    return app;
  }

  #droppedLogged = false;
  readonly #dropped: Counter;

  #connectionsRefused(): void {
    this.#dropped.inc();
    if (this.#droppedLogged) return;
    this.#droppedLogged = true;
    this.#logger.warn({ maxConnections: this.#maxConnections }, 'HTTP connections over the cap are being closed');
  }

  #warnIfExposed(): void {
    if (isLoopbackHost(this.#host) || this.#auth.enabled) return;
    this.#logger.warn(
      { host: this.#host },
      'the HTTP server listens beyond loopback without an admin token: /metrics and /api are open to the network (admin routes stay off)',
    );
  }
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  return new HttpServer(options);
}

function checkInteger(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OutriderError(
      'OUTRIDER_INVALID_ARGUMENT',
      `HTTP server ${option}: expected an integer in ${min}..${max}, got ${value}`,
    );
  }
  return value;
}
