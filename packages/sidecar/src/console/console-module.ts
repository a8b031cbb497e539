import type { Clock, HealthReport, Logger, ModuleInterface, ModuleStatus, TimerHandle } from '@outrider/core';
import type { RouteResponse } from '@outrider/plugin-api';
import type { Registry } from 'prom-client';
import { sidecarErrors } from '../error-codes.js';
import type { ModuleView, Readiness } from '../http/agent-api.js';
import type { RouteTable } from '../http/route-table.js';
import type { ConsoleAssets } from './console-assets.js';
import type { LiveStream } from './live-stream.js';
import { CONSOLE_HEADERS } from './security-headers.js';
import { SeriesHistory } from './series-history.js';
import { CHARTS, SeriesSampler } from './series-sampler.js';

/** The window the console charts. */
export const HISTORY_MS = 15 * 60_000;
/** Open event streams at most; more are answered 503. */
const MAX_LIVE_CLIENTS = 32;
/** Comment lines keep a quiet event stream from being closed as idle. */
const HEARTBEAT_MS = 10_000;

/** What the console shows of the agent. */
export interface ConsoleSource {
  status(): ModuleView[];
  readiness(): Promise<Readiness>;
  /** Each module's health check, asked now. */
  moduleHealth(): Promise<Record<string, HealthReport>>;
  /** Whether admin routes are on (an admin token is configured). */
  adminEnabled(): boolean;
}

export interface ConsoleOptions {
  routes: RouteTable;
  registry: Registry;
  clock: Clock;
  logger: Logger;
  source: ConsoleSource;
  version: string;
  /** Default 5000 ms: 180 samples in the 15-minute window. */
  sampleIntervalMs?: number;
}

/**
 * The web console at `GET /ui` as a built-in module. From start it samples a few key series of the
 * sidecar's registry into a bounded history (15 minutes); the console's files and the event stream
 * load at the first request, so a sidecar nobody looks at holds only the history.
 */
export class ConsoleModule implements ModuleInterface {
  readonly name = 'console';
  /** Stops before the HTTP server, ending open event streams so the server can close at once. */
  readonly dependsOn = ['http'];
  status: ModuleStatus = 'registered';
  readonly history: SeriesHistory;
  readonly sampleIntervalMs: number;
  readonly #options: ConsoleOptions;
  readonly #sampler: SeriesSampler;
  readonly #startedAt: number;
  #assets: Promise<ConsoleAssets> | undefined;
  #live: LiveStream | undefined;
  #liveLoading: Promise<LiveStream> | undefined;
  #timer: TimerHandle | undefined;
  #heartbeat: TimerHandle | undefined;
  #sampling = false;
  #samplingFailed = false;

  constructor(options: ConsoleOptions) {
    this.#options = options;
    this.sampleIntervalMs = options.sampleIntervalMs ?? 5000;
    this.history = new SeriesHistory(Math.ceil(HISTORY_MS / this.sampleIntervalMs));
    this.#sampler = new SeriesSampler(options.registry);
    this.#startedAt = options.clock.now();
    const { routes } = options;
    routes.mount(this.name, 'GET', '/ui', async ({ headers }) =>
      (await this.#loadAssets()).respond('index.html', headers),
    );
    routes.mount(this.name, 'GET', '/ui/assets/:file', async ({ params, headers }) =>
      (await this.#loadAssets()).respond(params.file ?? '', headers),
    );
    routes.mount(this.name, 'GET', '/ui/api/overview', async () => json(await this.overview()));
    routes.mount(this.name, 'GET', '/ui/api/series', () => json(this.series()));
    routes.mount(this.name, 'GET', '/ui/api/live', () => this.#openLive());
  }

  initialize(): void {
    this.status = 'initialized';
  }

  start(): void {
    this.status = 'running';
    this.#schedule();
  }

  stop(): void {
    const { clock } = this.#options;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    if (this.#heartbeat !== undefined) clock.clearTimeout(this.#heartbeat);
    this.#timer = undefined;
    this.#heartbeat = undefined;
    this.#live?.close();
    if (this.status !== 'registered') this.status = 'stopped';
  }

  /** Takes one sample now and sends it to the open consoles; the timer calls it every interval. */
  async sampleNow(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      const time = this.#options.clock.now();
      const points = await this.#sampler.sample(time);
      this.history.push(time, points);
      this.#live?.send('sample', { time, points });
      this.#samplingFailed = false;
    } catch (error) {
      // Logged once per run of failures: a broken collect callback should not flood the log.
      if (!this.#samplingFailed) this.#options.logger.warn({ err: error }, 'console: sampling the series failed');
      this.#samplingFailed = true;
    } finally {
      this.#sampling = false;
    }
  }

  async overview(): Promise<unknown> {
    const { source, clock, version } = this.#options;
    const [readiness, health] = await Promise.all([source.readiness(), source.moduleHealth()]);
    const now = clock.now();
    return {
      version,
      startedAt: new Date(this.#startedAt).toISOString(),
      uptimeSeconds: Math.round((now - this.#startedAt) / 1000),
      admin: source.adminEnabled(),
      readiness,
      modules: source.status().map((module) => {
        const report = health[module.name];
        return report === undefined ? module : { ...module, health: report };
      }),
    };
  }

  series(): unknown {
    return {
      intervalMs: this.sampleIntervalMs,
      capacity: this.history.capacity,
      charts: CHARTS,
      ...this.history.snapshot(),
    };
  }

  #schedule(): void {
    const { clock } = this.#options;
    this.#timer = clock.setTimeout(() => {
      void this.sampleNow().finally(() => {
        if (this.status === 'running') this.#schedule();
      });
    }, this.sampleIntervalMs);
  }

  #loadAssets(): Promise<ConsoleAssets> {
    this.#assets ??= import('./console-assets.js').then(({ ConsoleAssets }) => ConsoleAssets.load());
    // A failed load (not built yet) is tried again at the next request.
    this.#assets.catch(() => {
      this.#assets = undefined;
    });
    return this.#assets;
  }

  async #openLive(): Promise<RouteResponse> {
    const live = await this.#loadLive();
    const stream = live.open({ event: 'hello', data: { intervalMs: this.sampleIntervalMs } });
    if (stream === undefined) {
      throw sidecarErrors.create('OUTRIDER_UI_BUSY', `the live series already stream to ${live.maxClients} consoles`);
    }
    this.#armHeartbeat();
    return {
      headers: {
        ...CONSOLE_HEADERS,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      },
      body: stream,
    };
  }

  #loadLive(): Promise<LiveStream> {
    this.#liveLoading ??= import('./live-stream.js').then(({ LiveStream }) => {
      this.#live = new LiveStream(MAX_LIVE_CLIENTS);
      return this.#live;
    });
    return this.#liveLoading;
  }

  #armHeartbeat(): void {
    if (this.#heartbeat !== undefined || this.status !== 'running') return;
    const { clock } = this.#options;
    this.#heartbeat = clock.setTimeout(() => {
      this.#heartbeat = undefined;
      if (this.#live === undefined || this.#live.clients === 0) return;
      this.#live.heartbeat();
      this.#armHeartbeat();
    }, HEARTBEAT_MS);
  }
}

function json(body: unknown): RouteResponse {
  return { headers: { ...CONSOLE_HEADERS, 'Cache-Control': 'no-store' }, body };
}
