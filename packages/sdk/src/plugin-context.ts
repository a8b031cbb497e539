import type { Cache, CacheOptions } from '@outrider/cache';
import {
  definePlugin as defineCorePlugin,
  type Plugin,
  type PluginContext,
  type PluginDefinition,
} from '@outrider/core';
import type { BatchQueue, BatchQueueOptions, Scheduler } from '@outrider/scheduler';
import type { Registry } from 'prom-client';
import type { z } from 'zod';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRequest {
  readonly method: RouteMethod;
  /** The path after the mount point, e.g. `/logs`. */
  readonly path: string;
  /** Named segments of the route path (`/targets/:name` → `{ name }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON for `application/json` bodies (size-limited by the host), otherwise undefined. */
  readonly body: unknown;
}

export interface RouteResponse {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string, Buffer or Readable stream is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** HTTP routes on the sidecar's server (default 127.0.0.1:9464). */
export interface PluginRoutes {
  /** Mounts `handler` at `/plugins/<instance><path>`; `path` starts with `/` and may hold `:name` segments. */
  add(method: RouteMethod, path: string, handler: RouteHandler): void;
  /** Mounts `handler` at `/api<path>`, for the few API routes a plugin owns (e.g. `/traces/recent`). */
  addApi(method: RouteMethod, path: string, handler: RouteHandler): void;
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

/** Declares a sidecar plugin: core's `definePlugin` with the sidecar's context. */
export function definePlugin<Schema extends z.ZodType>(
  definition: PluginDefinition<Schema, SidecarPluginContext>,
): Plugin<Schema, SidecarPluginContext> {
  return defineCorePlugin(definition);
}
