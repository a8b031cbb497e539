import { randomUUID } from 'node:crypto';
import { type Attributes, context, DiagLogLevel, diag, logs, metrics, propagation, trace } from '@opentelemetry/api';
import { type Duration, OutriderError, parseDuration } from '@outrider/core';
import type { Registry } from 'prom-client';
import { diagLoggerFor } from './diag-logger.js';
import { telemetryErrors } from './error-codes.js';
import { type OtelEnvironment, readOtelEnvironment, type Signal } from './otel-env.js';
import {
  DEFAULT_METRIC_EXPORT_INTERVAL,
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

function positive(option: string, value: Duration | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value, option);
  if (ms === 0) throw argument(option, 'must be more than 0 ms, got 0');
  return ms;
}

function httpUrl(what: string, endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw argument(what, `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw argument(what, `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  return url;
}

function baseUrl(endpoint: string): string {
  return httpUrl('endpoint', endpoint).href.replace(/\/+$/, '');
}

function fullUrl(variable: string, endpoint: string): string {
  return httpUrl(variable, endpoint).href;
}

function serviceNameOf(options: TelemetryOptions, env: OtelEnvironment): string {
  const name = options.serviceName ?? env.serviceName;
  if (typeof name !== 'string' || name.trim() === '') {
    throw argument('serviceName', 'must be a non-empty string (or set OTEL_SERVICE_NAME)');
  }
  return name;
}

function registriesOf(options: TelemetryOptions): readonly Registry[] {
  const registries = options.registries ?? [];
  if (!Array.isArray(registries) || registries.some((r) => typeof r?.getMetricsAsArray !== 'function')) {
    throw argument('registries', 'must be an array of prom-client Registry');
  }
  return registries;
}

/** Options win over the OTEL_* variables, which win over the defaults. */
function settingsFrom(options: TelemetryOptions, env: OtelEnvironment): PipelineSettings {
  const attributes: Attributes = {
    ...options.resourceAttributes,
    'service.name': serviceNameOf(options, env),
    'service.instance.id': options.serviceInstanceId ?? randomUUID(),
    ...(options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion }),
  };
  const base = baseUrl(options.endpoint ?? env.endpoint ?? DEFAULT_OTLP_ENDPOINT);
  const url = (signal: Signal) =>
    options.endpoint === undefined && env.signalEndpoints[signal] !== undefined
      ? fullUrl(`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`, env.signalEndpoints[signal])
      : `${base}/v1/${signal}`;
  const metricExportInterval = positive(
    'metricExportInterval',
    options.metricExportInterval,
    env.metricExportInterval ?? DEFAULT_METRIC_EXPORT_INTERVAL,
  );
  const exportTimeout =
    options.exportTimeout === undefined ? undefined : positive('exportTimeout', options.exportTimeout, 0);
  return {
    urls: { traces: url('traces'), metrics: url('metrics'), logs: url('logs') },
    endpoint: base,
    attributes,
    headers: options.headers,
    metricExportInterval,
    exportTimeout,
    // The reader's deadline for a whole collect-and-export; never longer than the interval.
    metricExportTimeout: Math.min(env.metricExportTimeout ?? exportTimeout ?? 30_000, metricExportInterval),
    registries: registriesOf(options),
    traces: options.traces ?? env.exporters.traces ?? true,
    metrics: options.metrics ?? env.exporters.metrics ?? true,
    logs: options.logs ?? env.exporters.logs ?? true,
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
 * to record; call `shutdown()` before exit so nothing buffered is lost. The metrics of
 * `options.registries` (prom-client) travel with the OTLP metrics.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const env = readOtelEnvironment(options.env ?? process.env);
  const settings = settingsFrom(options, env);
  if (env.disabled) return disabledTelemetry(settings);
  if (running) {
    throw telemetryErrors.create(
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

/** OTEL_SDK_DISABLED=true: nothing starts, the API stays a no-op, the handle still answers. */
function disabledTelemetry(settings: PipelineSettings): Telemetry {
  return {
    endpoint: settings.endpoint,
    resourceAttributes: settings.attributes,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
