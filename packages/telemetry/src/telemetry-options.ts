import type { Attributes } from '@opentelemetry/api';
import type { Duration, Logger } from '@outrider/core';
import type { Registry } from 'prom-client';

export interface TelemetryOptions {
  /** `service.name` on every span, metric and log record. Default `OTEL_SERVICE_NAME`; one of them is required. */
  serviceName?: string;
  /**
   * The OTLP/HTTP base URL; signals go to `<endpoint>/v1/traces`, `/v1/metrics`, `/v1/logs`.
   * Default: `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT` (a full URL) for that signal, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT`, else the sidecar's receiver `http://127.0.0.1:4318`.
   */
  endpoint?: string;
  /** `service.version`. */
  serviceVersion?: string;
  /** `service.instance.id`. Default a random UUID per process. */
  serviceInstanceId?: string;
  /** More resource attributes (`deployment.environment.name`, ...); they win over detected ones. */
  resourceAttributes?: Attributes;
  /** HTTP headers on every export (e.g. an auth token). */
  headers?: Record<string, string>;
  /** How often metrics are exported (`'10s'`, ms). Default `OTEL_METRIC_EXPORT_INTERVAL`, else 10 s. */
  metricExportInterval?: Duration;
  /**
   * How long one export request may take (`'10s'`, ms). Default `OTEL_EXPORTER_OTLP_TIMEOUT` (and its
   * per-signal variants), else 10 000; a metric export also within `OTEL_METRIC_EXPORT_TIMEOUT`.
   */
  exportTimeout?: Duration;
  /**
   * prom-client registries whose metrics travel with the OTLP metrics at every export, under the
   * names they have on the registry's own /metrics (see `PrometheusBridge`). Default none.
   */
  registries?: readonly Registry[];
  /** Export spans. Default true. */
  traces?: boolean;
  /** Export metrics. Default true. */
  metrics?: boolean;
  /** Export log records. Default true. */
  logs?: boolean;
  /** Receives OpenTelemetry's own warnings and errors (failed exports). Default: dropped. */
  logger?: Logger;
  /** Where the standard `OTEL_*` variables are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** A running pipeline. */
export interface Telemetry {
  /** The base URL the pipeline exports to. */
  readonly endpoint: string;
  /** The resource attributes set by options (detected host and process attributes come on top). */
  readonly resourceAttributes: Readonly<Attributes>;
  /** Exports everything buffered now. */
  forceFlush(): Promise<void>;
  /** Flushes, stops the providers and unregisters them from the OpenTelemetry API. Idempotent. */
  shutdown(): Promise<void>;
}

export const DEFAULT_OTLP_ENDPOINT = 'http://127.0.0.1:4318';

/** The default of `metricExportInterval`: a metric reaches the sidecar within 10 s of being recorded. */
export const DEFAULT_METRIC_EXPORT_INTERVAL = 10_000;

/** The options with every default applied, as the pipeline needs them. */
export interface PipelineSettings {
  /** The base URL (shown on the handle). */
  readonly endpoint: string;
  /** Full OTLP URL per signal. */
  readonly urls: Readonly<Record<'traces' | 'metrics' | 'logs', string>>;
  readonly attributes: Attributes;
  /** Headers given in code; the exporters add OTEL_EXPORTER_OTLP_HEADERS. */
  readonly headers: Record<string, string> | undefined;
  readonly metricExportInterval: number;
  /** Per request; undefined leaves it to OTEL_EXPORTER_OTLP_TIMEOUT, else the exporters' 10 s. */
  readonly exportTimeout: number | undefined;
  readonly metricExportTimeout: number;
  readonly registries: readonly Registry[];
  readonly traces: boolean;
  readonly metrics: boolean;
  readonly logs: boolean;
}
