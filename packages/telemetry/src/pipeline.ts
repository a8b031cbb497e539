import { diag } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { PrometheusBridge } from './prometheus-bridge.js';
import type { PipelineSettings } from './telemetry-options.js';

export interface Pipeline {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Builds and starts the NodeSDK with OTLP/HTTP protobuf exporters. This module is only ever
 * imported dynamically: the OpenTelemetry SDK costs tens of MB, which a process that never starts
 * telemetry (the sidecar, its plugins) must not pay.
 */
export function startPipeline(settings: PipelineSettings): Pipeline {
  // Left out when not given in code, so the exporters read OTEL_EXPORTER_OTLP_HEADERS / _TIMEOUT.
  const exporterConfig = (signal: 'traces' | 'metrics' | 'logs') => ({
    url: settings.urls[signal],
    ...(settings.headers === undefined ? {} : { headers: settings.headers }),
    ...(settings.exportTimeout === undefined ? {} : { timeoutMillis: settings.exportTimeout }),
  });
  const spanProcessors = settings.traces
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(exporterConfig('traces')) })]
    : [];
  const metricReaders = settings.metrics
    ? [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter(exporterConfig('metrics')),
          exportIntervalMillis: settings.metricExportInterval,
          exportTimeoutMillis: settings.metricExportTimeout,
          metricProducers:
            settings.registries.length === 0 ? [] : [new PrometheusBridge({ registries: settings.registries })],
        }),
      ]
    : [];
  const logRecordProcessors = settings.logs
    ? [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(exporterConfig('logs')) })]
    : [];
  // Detected attributes first, then ours: what the caller set explicitly wins over OTEL_RESOURCE_ATTRIBUTES.
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector, hostDetector, osDetector, processDetector] }))
    .merge(resourceFromAttributes(settings.attributes));
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    spanProcessors,
    metricReaders,
    logRecordProcessors,
    instrumentations: [],
  });
  sdk.start();
  const buffers = [...spanProcessors, ...logRecordProcessors];
  return {
    forceFlush: () => settle([...buffers, ...metricReaders].map((flushable) => flushable.forceFlush())),
    async shutdown() {
      // Metric readers are left to shutdown, which collects and exports one last time (a flush
      // first would send every point twice).
      await settle(buffers.map((buffer) => buffer.forceFlush()));
      await settle([sdk.shutdown()]);
    },
  };
}

/**
 * Waits for every flush; a failed export is reported to OpenTelemetry's diag logger (the
 * `logger` option) rather than thrown, so one signal's failure neither hides the others nor
 * breaks a shutdown sequence.
 */
async function settle(flushes: Promise<void>[]): Promise<void> {
  for (const result of await Promise.allSettled(flushes)) {
    if (result.status === 'rejected') diag.error('telemetry export failed', result.reason);
  }
}
