import { Router } from '@outrider/http';
import type { RouteMethod } from '@outrider/plugin-api';
import type { Middleware } from 'koa';
import type { MountedRoute, RouteTable } from './route-table.js';

export interface BuiltInRoute {
  readonly method: RouteMethod;
  readonly path: string;
  readonly handle: Middleware;
}

/**
 * One @koa/router for the built-in routes and the plugins' mounted ones, rebuilt when the route
 * table changes (mounts happen at plugin start, not per request). Built-ins are registered first,
 * so they win any overlap; 405 with `Allow` comes from the router.
 */
export class Dispatcher {
  readonly #builtIns: readonly BuiltInRoute[];
  readonly #table: RouteTable;
  readonly #adapt: (route: MountedRoute) => Middleware;
  #built: { version: number; middleware: Middleware } | undefined;

  constructor(builtIns: readonly BuiltInRoute[], table: RouteTable, adapt: (route: MountedRoute) => Middleware) {
    this.#builtIns = builtIns;
    this.#table = table;
    this.#adapt = adapt;
  }

  middleware(): Middleware {
    return (ctx, next) => this.#current()(ctx, next);
  }

  #current(): Middleware {
    const version = this.#table.version;
    if (this.#built?.version !== version) this.#built = { version, middleware: this.#build() };
    return this.#built.middleware;
  }

  #build(): Middleware {
    const router = new Router();
    for (const route of this.#builtIns) router.register(route.path, [route.method], route.handle);
    for (const route of this.#table.list()) router.register(route.path, [route.method], this.#adapt(route));
    const routes = router.routes() as unknown as Middleware;
    const allowedMethods = router.allowedMethods() as unknown as Middleware;
    return (ctx, next) => routes(ctx, () => allowedMethods(ctx, next));
  }
}
