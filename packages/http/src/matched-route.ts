import type { Context } from 'koa';

/** The route pattern @koa/router matched (`/api/plugins/:name/restart`), or `unmatched`. */
export function matchedRoute(ctx: Context): string {
  const route = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  return typeof route === 'string' ? route : 'unmatched';
}
