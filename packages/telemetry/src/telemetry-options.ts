import type { Attributes } from '@opentelemetry/api';
import type { Logger } from '@outrider/core';

export interface TelemetryOptions {
  /** `service.name` on every span, metric and log record. */
  serviceName: string;
  /**
   * The OTLP/HTTP base URL; signals go to `<endpoint>/v1/traces`, `/v1/metrics`, `/v1/logs`.
   * Default: `OTEL_EXPORTER_OTLP_ENDPOINT`, else the sidecar's receiver `http://127.0.0.1:4318`.
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
  /** How often metrics are exported, in ms. Default 60 000. */
  metricExportInterval?: number;
  /** How long one export may take, in ms. Default 10 000. */
  exportTimeout?: number;
  /** Export spans. Default true. */
  traces?: boolean;
  /** Export metrics. Default true. */
  metrics?: boolean;
  /** Export log records. Default true. */
  logs?: boolean;
  /** Receives OpenTelemetry's own warnings and errors (failed exports). Default: dropped. */
  logger?: Logger;
  /** Reads `OTEL_EXPORTER_OTLP_ENDPOINT`. Default `process.env`. */
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

/** The options with every default applied, as the pipeline needs them. */
export interface PipelineSettings {
  readonly endpoint: string;
  readonly attributes: Attributes;
  readonly headers: Record<string, string>;
  readonly metricExportInterval: number;
  readonly exportTimeout: number;
  readonly traces: boolean;
  readonly metrics: boolean;
  readonly logs: boolean;
}
