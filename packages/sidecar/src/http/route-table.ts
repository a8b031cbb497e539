import { OutriderError } from '@outrider/core';
import { Router } from '@outrider/http';
import type { RouteHandler, RouteMethod } from '@outrider/plugin-api';
import { sidecarErrors } from '../error-codes.js';
import { BUILT_IN_PATHS, patternKey } from './built-in-paths.js';

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE']);
const RESERVED: ReadonlySet<string> = new Set(BUILT_IN_PATHS.map(patternKey));
const PLUGIN_MOUNT = /^\/plugins\/[^/]+/;

export interface MountedRoute {
  /** Who mounted it: the plugin instance name. */
  readonly owner: string;
  readonly method: RouteMethod;
  /** The full path pattern, e.g. `/plugins/app/logs/:id`. */
  readonly path: string;
  /** The prefix cut from the request path before the handler sees it: `/plugins/<instance>` or `/api`. */
  readonly mountPoint: string;
  readonly handler: RouteHandler;
}

/**
 * The routes plugins add at run time, dispatched by the HTTP server. The agent mounts a plugin's
 * routes when it starts and unmounts them all when it stops, restarts or is removed.
 */
export class RouteTable {
  readonly #routes = new Map<string, MountedRoute>();
  #version = 0;

  /**
   * Mounts `handler` for `method` at `fullPath` (a `@koa/router` pattern, `:name` segments allowed).
   * Throws OUTRIDER_ROUTE_CONFLICT when another owner mounted the same method and pattern already or the path is
   * one of the server's own, OUTRIDER_INVALID_ARGUMENT for a bad method or path.
   */
  mount(owner: string, method: RouteMethod, fullPath: string, handler: RouteHandler): void {
    if (!METHODS.has(method)) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `route method must be GET, POST, PUT or DELETE, got ${method}`,
        {
          module: owner,
        },
      );
    }
    if (typeof handler !== 'function') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `route ${method} ${fullPath}: handler must be a function`, {
        module: owner,
      });
    }
    assertValidPattern(owner, method, fullPath);
    const pattern = patternKey(fullPath);
    if (RESERVED.has(pattern)) {
      throw sidecarErrors.create(
        'OUTRIDER_ROUTE_CONFLICT',
        `route ${method} ${fullPath} is served by the sidecar itself`,
        {
          module: owner,
        },
      );
    }
    const key = `${method} ${pattern}`;
    const existing = this.#routes.get(key);
    // The same owner mounting again (a plugin restarted by its policy) replaces its own route.
    if (existing !== undefined && existing.owner !== owner) {
      throw sidecarErrors.create(
        'OUTRIDER_ROUTE_CONFLICT',
        `route ${method} ${fullPath} is already mounted by "${existing.owner}" (as ${existing.path})`,
        { module: owner, details: { owner: existing.owner } },
      );
    }
    this.#routes.set(key, { owner, method, path: fullPath, mountPoint: mountPointOf(fullPath), handler });
    this.#version++;
  }

  /** Removes every route `owner` mounted; returns how many. */
  unmountAll(owner: string): number {
    let removed = 0;
    for (const [key, route] of this.#routes) {
      if (route.owner !== owner) continue;
      this.#routes.delete(key);
      removed++;
    }
    if (removed > 0) this.#version++;
    return removed;
  }

  /** The mounted routes, in mount order. */
  list(): MountedRoute[] {
    return [...this.#routes.values()];
  }

  /** Changes on every mount and unmount, so the server knows when to rebuild its router. */
  get version(): number {
    return this.#version;
  }
}

function assertValidPattern(owner: string, method: string, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `route path must start with "/", got ${String(path)}`, {
      module: owner,
    });
  }
  try {
    // The router's own parser: a pattern it accepts here cannot fail when the server rebuilds its router.
    new Router().register(path, [method], () => {});
  } catch (error) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `route path ${path} is not a valid pattern`, {
      module: owner,
      cause: error,
    });
  }
}

function mountPointOf(path: string): string {
  const plugin = PLUGIN_MOUNT.exec(path);
  if (plugin !== null) return plugin[0];
  return path.startsWith('/api/') ? '/api' : '';
}
