import { performance } from 'node:perf_hooks';
import { matchedRoute } from '@outrider/http';
import type { Middleware } from 'koa';
import type { HttpMetrics } from './http-metrics.js';

/** Counts and times every request, up to the end of its response (a streamed /metrics body included). */
export function observeRequests(metrics: HttpMetrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    ctx.res.once('close', () => {
      metrics.observe(ctx.method, matchedRoute(ctx), ctx.status, (performance.now() - started) / 1000);
    });
    await next();
  };
}
