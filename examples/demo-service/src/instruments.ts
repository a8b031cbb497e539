import { type Counter, type Histogram, metrics, type Tracer, trace } from '@opentelemetry/api';

/** The demo's tracer and the instruments recorded on the hot path. */
export interface Instruments {
  readonly tracer: Tracer;
  /** `http.server.request.duration` (s): Prometheus `http_server_request_duration_seconds`. */
  readonly requestDuration: Histogram;
  /** Every call to the pricing upstream, by `outcome`: `demo_upstream_attempts_total`. */
  readonly upstreamAttempts: Counter;
  /** WebSocket tick messages sent: `demo_ws_ticks_sent_total`. */
  readonly ticksSent: Counter;
}

/**
 * Made after `startTelemetry` registered the global providers (module factories run then):
 * a meter taken earlier would be the API's no-op meter for good.
 */
export function createInstruments(serviceName: string): Instruments {
  const meter = metrics.getMeter(serviceName);
  return {
    tracer: trace.getTracer(serviceName),
    requestDuration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'Time to answer an HTTP request.',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
    }),
    upstreamAttempts: meter.createCounter('demo.upstream.attempts', {
      unit: '{attempt}',
      description: 'Calls to the pricing upstream, retries included.',
    }),
    ticksSent: meter.createCounter('demo.ws.ticks.sent', {
      unit: '{message}',
      description: 'Quote ticks pushed to WebSocket clients.',
    }),
  };
}
