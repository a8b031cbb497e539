import { Readable } from 'node:stream';
import { isOutriderError } from '@outrider/core';
import { httpErrors, readJsonBody } from '@outrider/http';
import type { RouteRequest, RouteResponse } from '@outrider/plugin-api';
import type { Middleware } from 'koa';
import type { MountedRoute } from './route-table.js';

const EMPTY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * Runs a plugin's handler for a Koa request: a JSON body parsed under the server's limit, params,
 * query and headers in; its status, headers and body out. A handler that throws gets a 500 (its
 * OutriderErrors keep their own status) and the server goes on.
 */
export function pluginRoute(route: MountedRoute, bodyLimitBytes: () => number): Middleware {
  return async (ctx) => {
    const body = await readJsonBody(ctx, { limitBytes: bodyLimitBytes(), jsonOnly: false });
    const request: RouteRequest = {
      method: route.method,
      path: ctx.path.slice(route.mountPoint.length) || '/',
      params: { ...(ctx as { params?: Record<string, string> }).params },
      query: new URLSearchParams(ctx.querystring),
      headers: ctx.headers,
      body,
    };
    let response: RouteResponse;
    try {
      response = await route.handler(request);
    } catch (error) {
      if (isOutriderError(error)) throw error;
      throw httpErrors.create(
        'OUTRIDER_HTTP_INTERNAL',
        `the handler of ${route.method} ${route.path} (plugin "${route.owner}") failed; the sidecar log has the cause`,
        { module: route.owner, cause: error },
      );
    }
    ctx.status = response?.status ?? 200;
    if (response?.headers !== undefined) ctx.set(response.headers);
    const payload = response?.body;
    if (payload === undefined) {
      if (!EMPTY_STATUSES.has(ctx.status)) ctx.body = '';
    } else if (typeof payload === 'string' || Buffer.isBuffer(payload) || payload instanceof Readable) {
      // A stream is piped as it is read: a large answer is neither one string nor one blocking step.
      ctx.body = payload;
    } else {
      const typed = Boolean(ctx.response.get('Content-Type'));
      ctx.body = JSON.stringify(payload);
      if (!typed) ctx.type = 'application/json';
    }
  };
}
