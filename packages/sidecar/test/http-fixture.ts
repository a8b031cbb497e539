import { createCache } from '@outrider/cache';
import {
  type Logger,
  ManualClock,
  type ModuleInterface,
  ModuleManager,
  type ModuleStatus,
  OutriderError,
} from '@outrider/core';
import { BatchQueue, Scheduler } from '@outrider/scheduler';
import { Registry } from 'prom-client';
import type { AgentApi, ReloadResult } from '../src/http/agent-api.js';
import { RouteTable } from '../src/http/route-table.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../src/http/server.js';

/** A module that does nothing, or fails to start when told to. */
export class TrivialModule implements ModuleInterface {
  status: ModuleStatus = 'registered';
  starts = 0;
  constructor(
    readonly name: string,
    readonly failStart = false,
  ) {}
  initialize(): void {
    this.status = 'initialized';
  }
  start(): void {
    this.starts++;
    if (this.failStart) throw new Error(`${this.name} cannot start`);
    this.status = 'running';
  }
  stop(): void {
    this.status = 'stopped';
  }
}

export interface LogLine {
  level: string;
  bindings: object;
  message: string | undefined;
}

/** A Logger that keeps what it is told, for asserting on warnings and errors. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (bindings: object | string, message?: string): void => {
      lines.push(
        typeof bindings === 'string' ? { level, bindings: {}, message: bindings } : { level, bindings, message },
      );
    };
  const logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
    lines,
  };
  return logger;
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * A small agent of real parts: a ModuleManager with trivial modules, a real Scheduler with a job,
 * a real cache and batch queue; AgentApi answers from them the way the sidecar's agent does.
 */
export class TinyAgent implements AgentApi {
  readonly clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
  readonly manager = new ModuleManager({ clock: this.clock, healthCheckInterval: 0, restart: { maxRestarts: 0 } });
  readonly scheduler = new Scheduler({ clock: this.clock });
  readonly cache = createCache<string>({ name: 'sessions', max: 10 });
  readonly queue = new BatchQueue<number>({ name: 'exports', process: () => {}, clock: this.clock });
  readonly levels = new Map<string, string>();
  reloads = 0;
  nextReload: ReloadResult = {
    result: 'applied',
    added: ['probes'],
    removed: [],
    reconfigured: [],
    restarted: [],
    pendingRestart: [],
  };

  constructor(modules: { module: ModuleInterface; required?: boolean }[] = []) {
    this.manager.register(this.scheduler, { required: true });
    for (const { module, required } of modules) this.manager.register(module, { required: required ?? true });
    this.scheduler.add({ id: 'cleanup', every: '1m', run: () => {} });
    this.cache.set('a', 'x');
    this.cache.get('a');
    this.cache.get('missing');
  }

  status() {
    return this.manager.status().map((entry) => ({
      ...entry,
      since: new Date(entry.since).toISOString(),
      kind: 'built-in' as const,
    }));
  }

  readiness() {
    const entries = this.manager.status();
    const down = (entry: (typeof entries)[number]) => entry.state !== 'running' && entry.state !== 'degraded';
    const view = (entry: (typeof entries)[number]) => ({
      name: entry.name,
      state: entry.state,
      ...(entry.lastError === undefined ? {} : { lastError: entry.lastError.message }),
    });
    const notReady = entries.filter((entry) => entry.required && down(entry)).map(view);
    const degraded = entries.filter((entry) => !entry.required && down(entry)).map(view);
    return { ready: notReady.length === 0, notReady, degraded };
  }

  effectiveConfig(view: 'full' | 'public'): unknown {
    return { view, server: { host: '127.0.0.1', port: 0 }, admin: { token: '[redacted]' } };
  }

  configSources(): Record<string, string> {
    return {
      'server.host': 'default',
      'server.port': 'env OUTRIDER_SERVER__PORT',
      'admin.token': 'outrider.yaml:2:10',
    };
  }

  plugins() {
    return this.manager
      .status()
      .filter((entry) => entry.name !== 'scheduler')
      .map((entry) => ({
        name: entry.name,
        use: entry.name,
        version: '1.0.0',
        stability: 'beta',
        required: entry.required,
        state: entry.state,
      }));
  }

  schedulerJobs() {
    return this.scheduler.list();
  }

  runJob(id: string) {
    return this.scheduler.runNow(id);
  }

  cacheStats() {
    return [{ name: this.cache.name, plugin: 'fixture', ...this.cache.stats() }];
  }

  queueStats() {
    return [this.queue.stats()];
  }

  async reload(): Promise<ReloadResult> {
    this.reloads++;
    return this.nextReload;
  }

  restartPlugin(name: string): Promise<void> {
    return this.manager.restart(name);
  }

  setLogLevel(level: string, module?: string): void {
    if (!LEVELS.has(level)) throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `unknown log level "${level}"`);
    this.levels.set(module ?? '*', level);
  }
}

export interface Started {
  agent: TinyAgent;
  server: HttpServer;
  url: string;
  registry: Registry;
  routes: RouteTable;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/** The HTTP server on 127.0.0.1, a free port, in front of a TinyAgent; the manager started too. */
export async function startServer(
  options: Partial<HttpServerOptions> = {},
  agent: TinyAgent = new TinyAgent(),
): Promise<Started> {
  const registry = options.registry ?? new Registry();
  const routes = options.routes ?? new RouteTable();
  const logger = recordingLogger();
  const server = createHttpServer({ host: '127.0.0.1', port: 0, logger, ...options, registry, routes, api: agent });
  agent.manager.register(server, { required: true });
  await agent.manager.startAll();
  return {
    agent,
    server,
    url: server.url,
    registry,
    routes,
    logger,
    close: () => agent.manager.stopAll(),
  };
}

/** A parsed response body; tests assert on it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not the types
type Json = any;

/** fetch + JSON body. */
export async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}
