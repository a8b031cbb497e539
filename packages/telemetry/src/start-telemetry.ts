import { randomUUID } from 'node:crypto';
import { type Attributes, context, DiagLogLevel, diag, logs, metrics, propagation, trace } from '@opentelemetry/api';
import { OutriderError } from '@outrider/core';
import { diagLoggerFor } from './diag-logger.js';
import {
  DEFAULT_OTLP_ENDPOINT,
  type PipelineSettings,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry-options.js';

/** OpenTelemetry's providers are process-global: one pipeline at a time. */
let running = false;

function argument(option: string, message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `startTelemetry: ${option} ${message}`, {
    module: 'telemetry',
    details: { option },
  });
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw argument(option, `must be a positive number of ms, got ${value}`);
  return value;
}

function baseUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw argument('endpoint', `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw argument('endpoint', `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  return url.href.replace(/\/+$/, '');
}

function settingsFrom(options: TelemetryOptions): PipelineSettings {
  if (typeof options.serviceName !== 'string' || options.serviceName.trim() === '') {
    throw argument('serviceName', 'must be a non-empty string');
  }
  const env = options.env ?? process.env;
  const attributes: Attributes = {
    ...options.resourceAttributes,
    'service.name': options.serviceName,
    'service.instance.id': options.serviceInstanceId ?? randomUUID(),
    ...(options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion }),
  };
  return {
    endpoint: baseUrl(options.endpoint ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT || DEFAULT_OTLP_ENDPOINT)),
    attributes,
    headers: options.headers ?? {},
    metricExportInterval: positive('metricExportInterval', options.metricExportInterval, 60_000),
    exportTimeout: positive('exportTimeout', options.exportTimeout, 10_000),
    traces: options.traces ?? true,
    metrics: options.metrics ?? true,
    logs: options.logs ?? true,
  };
}

/** Unregisters what NodeSDK registered, so a later pipeline in the same process can register again. */
function unregisterGlobals(): void {
  trace.disable();
  metrics.disable();
  logs.disable();
  propagation.disable();
  context.disable();
  diag.disable();
}

/**
 * Starts the OpenTelemetry NodeSDK exporting traces, metrics and logs over OTLP/HTTP (protobuf) to
 * the sidecar. Use the `@opentelemetry/api` (`trace.getTracer`, `metrics.getMeter`, `logs.getLogger`)
 * to record; call `shutdown()` before exit so nothing buffered is lost.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const settings = settingsFrom(options);
  if (running) {
    throw new OutriderError(
      'OUTRIDER_TELEMETRY_ACTIVE',
      'startTelemetry: a pipeline is already running in this process',
      {
        module: 'telemetry',
      },
    );
  }
  running = true;
  try {
    if (options.logger !== undefined) {
      diag.setLogger(diagLoggerFor(options.logger.child({ module: 'telemetry' })), {
        logLevel: DiagLogLevel.WARN,
        suppressOverrideMessage: true,
      });
    }
    const { startPipeline } = await import('./pipeline.js');
    const pipeline = startPipeline(settings);
    let stopping: Promise<void> | undefined;
    return {
      endpoint: settings.endpoint,
      resourceAttributes: settings.attributes,
      forceFlush: () => pipeline.forceFlush(),
      shutdown() {
        stopping ??= pipeline.shutdown().finally(() => {
          unregisterGlobals();
          running = false;
        });
        return stopping;
      },
    };
  } catch (error) {
    unregisterGlobals();
    running = false;
    throw error;
  }
}
