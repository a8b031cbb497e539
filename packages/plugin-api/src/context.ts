import type { Cache, CacheOptions } from '@outrider/cache';
import type { Clock, Logger } from '@outrider/core';
import type { BatchQueue, BatchQueueOptions, Scheduler } from '@outrider/scheduler';
import type { Registry } from 'prom-client';
import type { PluginRoutes } from './routes.js';

/** What any host hands a plugin when creating it: its instance name, a child logger, a clock. */
export interface PluginContext {
  /** The instance's key in config (`plugins.<instance>`); one plugin may run as several instances. */
  readonly instanceName: string;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The host's scheduler; jobs a plugin adds are removed when the plugin stops or restarts. */
export type PluginScheduler = Pick<Scheduler, 'add' | 'remove' | 'pause' | 'resume' | 'runNow' | 'get' | 'list'>;

/** What the sidecar hands a plugin (DESIGN.md, "Plugin"): core's context plus the host's services. */
export interface SidecarPluginContext extends PluginContext {
  /** The sidecar's one prom-client registry, served at /metrics. Name metrics `outrider_<plugin>_*`. */
  readonly registry: Registry;
  readonly scheduler: PluginScheduler;
  /** `.outrider/<instance>/` under the sidecar's state directory; created on demand by the plugin. */
  readonly stateDir: string;
  readonly routes: PluginRoutes;
  /** A cache reporting to the registry and listed at /api/cache/stats. */
  createCache<V>(options: Omit<CacheOptions, 'registry' | 'clock' | 'logger'>): Cache<V>;
  /** A batch queue reporting to the registry and listed at /api/tasks/queue/stats; the plugin starts and stops it. */
  createQueue<T>(options: Omit<BatchQueueOptions<T>, 'registry' | 'clock' | 'logger'>): BatchQueue<T>;
}
