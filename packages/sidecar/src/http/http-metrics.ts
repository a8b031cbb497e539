import { counter, histogram } from '@outrider/metrics';
import type { Counter, Histogram, Registry } from 'prom-client';

const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

/**
 * `outrider_http_requests_total{method,route,code}` and
 * `outrider_http_request_duration_seconds{method,route}`. `route` is the matched pattern
 * (`/plugins/app/logs/:id`) or `unmatched`, and odd methods count as `other`: bounded cardinality
 * whatever clients send.
 */
export class HttpMetrics {
  readonly #requests: Counter<'method' | 'route' | 'code'>;
  readonly #duration: Histogram<'method' | 'route'>;

  constructor(registry: Registry) {
    // A second server on the same registry (a restart builds none, tests build several) shares the series.
    this.#requests = counter(registry, {
      name: 'outrider_http_requests_total',
      help: 'HTTP requests served by the sidecar, by method, matched route and status code.',
      labelNames: ['method', 'route', 'code'],
    });
    this.#duration = histogram(registry, {
      name: 'outrider_http_request_duration_seconds',
      help: 'Time from request to the end of the response, by method and matched route.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  observe(method: string, route: string, code: number, seconds: number): void {
    const m = KNOWN_METHODS.has(method) ? method : 'other';
    this.#requests.inc({ method: m, route, code: String(code) });
    this.#duration.observe({ method: m, route }, seconds);
  }
}
