import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Duration, Logger } from '@outrider/core';
import { contentTypeOf, metricsStream, negotiate } from '@outrider/metrics';
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  /** The registry to render, or a function that gives it for each request. */
  registry: Registry | (() => Registry);
  logger: () => Logger;
  /** See RenderOptions.slice. */
  slice?: Duration;
}

/**
 * `GET /metrics`: Prometheus text 0.0.4, or OpenMetrics 1.0 when the Accept header prefers it, with
 * UTF-8 names quoted when the chosen media range asks for `escaping=allow-utf-8`;
 * streamed (and gzipped on the thread pool when the scraper accepts gzip). A metric whose
 * collection fails mid-stream cuts the connection, so the scraper records a failed scrape rather
 * than a partial one.
 */
export function metricsRoute(options: MetricsRouteOptions): Middleware {
  return (ctx) => {
    const { format, escaping } = negotiate(ctx.get('Accept'));
    ctx.type = contentTypeOf(format, escaping);
    ctx.set('Cache-Control', 'no-store');
    ctx.vary('Accept');
    ctx.vary('Accept-Encoding');
    if (ctx.method === 'HEAD') {
      ctx.status = 200;
      return;
    }
    const registry = typeof options.registry === 'function' ? options.registry() : options.registry;
    const text = metricsStream(registry, {
      format,
      escaping,
      ...(options.slice === undefined ? {} : { slice: options.slice }),
    });
    const fail = (error: Error | null | undefined): void => {
      if (!error) return;
      options.logger().error({ err: error }, 'rendering /metrics failed');
      ctx.res.destroy(error);
    };
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = pipeline(text, createGzip(), fail);
    } else {
      text.once('error', fail);
      ctx.body = text;
    }
  };
}
