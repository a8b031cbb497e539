import { isDeepStrictEqual } from 'node:util';
import type { HealthReport, ModuleInterface, ModuleStatus } from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import { defaultUpstreamName, type WsMonitorConfig } from './config.js';
import { UpstreamMetrics, type UpstreamReading } from './upstream-metrics.js';
import { UpstreamWatch } from './upstream-watch.js';

/** Watches every configured upstream WebSocket; degraded while one is down or stale. */
export class WsMonitor implements ModuleInterface<WsMonitorConfig> {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  #config: WsMonitorConfig;
  #watches: UpstreamWatch[] = [];
  readonly #metrics: UpstreamMetrics;
  #stopReporting: (() => void) | undefined;

  constructor(
    private readonly ctx: SidecarPluginContext,
    config: WsMonitorConfig,
  ) {
    this.name = ctx.instanceName;
    this.#config = config;
    this.#metrics = new UpstreamMetrics(ctx.registry, ctx.instanceName);
    ctx.routes.add('GET', '/upstreams', () => ({ body: this.upstreams() }));
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(): void {
    this.#status = 'initialized';
  }

  start(): void {
    this.#watches = this.#makeWatches(this.#config);
    for (const watch of this.#watches) {
      this.#metrics.track(watch.name);
      watch.start();
    }
    this.#stopReporting = this.#metrics.report(() => {
      const now = this.ctx.clock.now();
      return this.#watches.map((watch) => watch.reading(now));
    });
    this.#status = 'running';
  }

  async stop(signal?: AbortSignal): Promise<void> {
    if (this.#status !== 'running') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    this.#stopReporting?.();
    this.#stopReporting = undefined;
    const watches = this.#watches;
    this.#watches = [];
    await Promise.all(watches.map((watch) => watch.stop(signal)));
    for (const watch of watches) this.#metrics.forget(watch.name);
    this.#status = 'stopped';
  }

  health(): HealthReport {
    const now = this.ctx.clock.now();
    const down = this.#watches.filter((watch) => !watch.up).map((watch) => watch.name);
    const stale = this.#watches.filter((watch) => watch.stale(now)).map((watch) => watch.name);
    if (down.length === 0 && stale.length === 0) return { status: 'healthy' };
    const parts = [
      down.length > 0 ? `down: ${down.join(', ')}` : '',
      stale.length > 0 ? `stale: ${stale.join(', ')}` : '',
    ];
    return { status: 'degraded', detail: parts.filter(Boolean).join('; ') };
  }

  /** Keeps the watches whose upstream is unchanged; closes removed or changed ones and opens the new. */
  async reconfigure(next: WsMonitorConfig): Promise<void> {
    this.#config = next;
    if (this.#status !== 'running') return;
    const previous = new Map(this.#watches.map((watch) => [watch.name, watch]));
    const opening: UpstreamWatch[] = [];
    this.#watches = this.#makeWatches(next).map((fresh) => {
      const kept = previous.get(fresh.name);
      if (kept !== undefined && isDeepStrictEqual(kept.config, fresh.config)) {
        previous.delete(fresh.name);
        return kept;
      }
      opening.push(fresh);
      return fresh;
    });
    const closing = [...previous.values()];
    await Promise.all(closing.map((watch) => watch.stop(AbortSignal.timeout(5_000))));
    const names = new Set(this.#watches.map((watch) => watch.name));
    for (const watch of closing) if (!names.has(watch.name)) this.#metrics.forget(watch.name);
    for (const watch of opening) {
      this.#metrics.track(watch.name);
      watch.start();
    }
  }

  /** What the `/plugins/<instance>/upstreams` route serves. */
  upstreams(): (UpstreamReading & { stale: boolean })[] {
    const now = this.ctx.clock.now();
    return this.#watches.map((watch) => ({ ...watch.reading(now), stale: watch.stale(now) }));
  }

  #makeWatches(config: WsMonitorConfig): UpstreamWatch[] {
    return config.upstreams.map((upstream) => {
      const name = upstream.name ?? defaultUpstreamName(upstream.url);
      return new UpstreamWatch({
        name,
        room: `${this.name}/${name}`,
        config: upstream,
        clock: this.ctx.clock,
        logger: this.ctx.logger,
        registry: this.ctx.registry,
        metrics: this.#metrics,
      });
    });
  }
}
