import { OutriderError } from '@outrider/core';

export type Signal = 'traces' | 'metrics' | 'logs';

/** The standard OTEL_* variables startTelemetry reads itself (the OTLP exporters read headers, compression and timeouts). */
export interface OtelEnvironment {
  readonly disabled: boolean;
  readonly serviceName: string | undefined;
  readonly endpoint: string | undefined;
  /** Full URLs of OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT. */
  readonly signalEndpoints: Readonly<Partial<Record<Signal, string>>>;
  /** `false` when OTEL_<SIGNAL>_EXPORTER is `none`. */
  readonly exporters: Readonly<Partial<Record<Signal, boolean>>>;
  readonly metricExportInterval: number | undefined;
  readonly metricExportTimeout: number | undefined;
}

function invalid(variable: string, expected: string, value: string): OutriderError {
  return new OutriderError(
    'OUTRIDER_INVALID_ARGUMENT',
    `${variable}: expected ${expected}, got ${JSON.stringify(value)}`,
    {
      module: 'telemetry',
      details: { variable },
    },
  );
}

function text(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function milliseconds(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const value = text(env, variable);
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw invalid(variable, 'a positive number of milliseconds', value);
  return ms;
}

function exporterOn(env: NodeJS.ProcessEnv, signal: Signal): boolean | undefined {
  const variable = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const value = text(env, variable);
  if (value === undefined) return undefined;
  if (value === 'none') return false;
  if (value === 'otlp') return true;
  throw invalid(variable, '"otlp" or "none" (Outrider exports OTLP only)', value);
}

/** Reads the variables, and refuses a value it cannot honour rather than ignoring it. */
export function readOtelEnvironment(env: NodeJS.ProcessEnv): OtelEnvironment {
  const disabled = text(env, 'OTEL_SDK_DISABLED');
  if (disabled !== undefined && !['true', 'false'].includes(disabled.toLowerCase())) {
    throw invalid('OTEL_SDK_DISABLED', '"true" or "false"', disabled);
  }
  const protocol = text(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined && protocol !== 'http/protobuf') {
    throw invalid('OTEL_EXPORTER_OTLP_PROTOCOL', '"http/protobuf" (the protocol of the sidecar receiver)', protocol);
  }
  const signals: Signal[] = ['traces', 'metrics', 'logs'];
  const signalEndpoints: Partial<Record<Signal, string>> = {};
  const exporters: Partial<Record<Signal, boolean>> = {};
  for (const signal of signals) {
    const endpoint = text(env, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`);
    if (endpoint !== undefined) signalEndpoints[signal] = endpoint;
    const on = exporterOn(env, signal);
    if (on !== undefined) exporters[signal] = on;
  }
  return {
    disabled: disabled?.toLowerCase() === 'true',
    serviceName: text(env, 'OTEL_SERVICE_NAME'),
    endpoint: text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    signalEndpoints,
    exporters,
    metricExportInterval: milliseconds(env, 'OTEL_METRIC_EXPORT_INTERVAL'),
    metricExportTimeout: milliseconds(env, 'OTEL_METRIC_EXPORT_TIMEOUT'),
  };
}
