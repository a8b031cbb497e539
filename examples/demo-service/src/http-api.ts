import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { OutriderLogger } from '@outrider/sdk';
import type { Instruments } from './instruments.js';
import type { QuoteService } from './quote-service.js';

interface Reply {
  status: number;
  body: unknown;
}

interface Route {
  method: string;
  /** The `http.route` attribute: the pattern, not the URL, so series stay few. */
  route: string;
  pattern: RegExp;
  handle(match: RegExpExecArray): Promise<Reply> | Reply;
}

/**
 * The HTTP API: `GET /health`, `GET /api/quotes`, `GET /api/quotes/:symbol`, `GET /api/board`,
 * `POST /api/refresh`.
 * Every request is a SERVER span named `<method> <route>` and one observation of
 * `http.server.request.duration`.
 */
export function createApiHandler(
  quotes: QuoteService,
  board: () => Record<string, unknown>,
  instruments: Instruments,
  logger: OutriderLogger,
) {
  const started = Date.now();
  const routes: Route[] = [
    {
      method: 'GET',
      route: '/health',
      pattern: /^\/health$/,
      handle: () => ({ status: 200, body: { status: 'ok', uptimeSeconds: (Date.now() - started) / 1000 } }),
    },
    {
      method: 'GET',
      route: '/api/quotes',
      pattern: /^\/api\/quotes$/,
      handle: async () => ({ status: 200, body: await quotes.all() }),
    },
    {
      method: 'GET',
      route: '/api/quotes/:symbol',
      pattern: /^\/api\/quotes\/([A-Za-z]+)$/,
      handle: async (match) => {
        const symbol = (match[1] as string).toUpperCase();
        if (!quotes.has(symbol)) return { status: 404, body: { error: `unknown symbol ${symbol}` } };
        return { status: 200, body: await quotes.lookup(symbol) };
      },
    },
    {
      method: 'GET',
      route: '/api/board',
      pattern: /^\/api\/board$/,
      handle: () => ({ status: 200, body: board() }),
    },
    {
      method: 'POST',
      route: '/api/refresh',
      pattern: /^\/api\/refresh$/,
      handle: async () => ({ status: 200, body: { refreshed: (await quotes.refresh()).length } }),
    },
  ];

  async function answer(method: string, path: string): Promise<Reply & { route: string }> {
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (match === null) continue;
      if (route.method !== method) return { route: route.route, status: 405, body: { error: 'method not allowed' } };
      try {
        return { route: route.route, ...(await route.handle(match)) };
      } catch (error) {
        // The retries gave up: the upstream is down, not this service.
        logger.warn({ err: (error as Error).message, path }, 'request failed');
        return { route: route.route, status: 503, body: { error: (error as Error).message } };
      }
    }
    return { route: 'unmatched', status: 404, body: { error: 'not found' } };
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    const begin = performance.now();
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    instruments.tracer.startActiveSpan(
      `${method} ${path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path } },
      async (span) => {
        const reply = await answer(method, path);
        span.updateName(`${method} ${reply.route}`);
        span.setAttributes({ 'http.route': reply.route, 'http.response.status_code': reply.status });
        if (reply.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
        span.end();
        instruments.requestDuration.record((performance.now() - begin) / 1000, {
          'http.request.method': method,
          'http.route': reply.route,
          'http.response.status_code': reply.status,
        });
      },
    );
  };
}
