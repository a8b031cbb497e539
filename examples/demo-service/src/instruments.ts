import { type Histogram, metrics, type Tracer, trace } from '@opentelemetry/api';

/** The demo's tracer and its one OpenTelemetry instrument; the SDK pieces report through the service registry. */
export interface Instruments {
  readonly tracer: Tracer;
  /** `http.server.request.duration` (s): Prometheus `http_server_request_duration_seconds`. */
  readonly requestDuration: Histogram;
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
  };
}
