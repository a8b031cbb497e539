import { metrics, trace } from '@opentelemetry/api';
import { isOutriderError } from '@outrider/core';
import { Counter, Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_EXPORT_INTERVAL, startTelemetry, type Telemetry } from '../src/index.js';
import { contains, type OtlpRecorder, startOtlpRecorder } from './otlp-recorder.js';

let recorder: OtlpRecorder | undefined;
let telemetry: Telemetry | undefined;

afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  await recorder?.close();
  recorder = undefined;
});

describe('startTelemetry and the standard OTEL_* variables', () => {
  it('exports metrics every 10 s by default, well within the 15 s a first metric may take', () => {
    expect(DEFAULT_METRIC_EXPORT_INTERVAL).toBe(10_000);
  });

  it('exports at OTEL_METRIC_EXPORT_INTERVAL, with the registries bridged into each export', async () => {
    recorder = await startOtlpRecorder();
    const registry = new Registry();
    new Counter({
      name: 'outrider_cache_requests_total',
      help: 'Cache reads.',
      labelNames: ['cache'],
      registers: [registry],
    }).inc({ cache: 'quotes' }, 4);
    new Histogram({ name: 'outrider_retry_delay_seconds', help: 'Delays.', registers: [registry] }).observe(0.2);
    telemetry = await startTelemetry({
      serviceName: 'bridged',
      endpoint: recorder.endpoint,
      registries: [registry],
      env: { OTEL_METRIC_EXPORT_INTERVAL: '50' },
      traces: false,
      logs: false,
    });
    await expect.poll(() => recorder?.to('/v1/metrics').length, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    const body = recorder.to('/v1/metrics')[0]?.body as Buffer;
    for (const text of [
      'outrider_cache_requests_total',
      'Cache reads.',
      'quotes',
      'outrider_retry_delay_seconds',
      'bridged',
    ]) {
      expect(contains(body, text), text).toBe(true);
    }
  });

  it('sends each signal to OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT, as a full URL', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({
      serviceName: 'split',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${recorder.endpoint}/custom/spans`,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
    trace.getTracer('split').startSpan('routed').end();
    await telemetry.shutdown();
    expect(recorder.requests.map((r) => r.path)).toEqual(['/custom/spans']);
    expect(contains(recorder.requests[0]?.body as Buffer, 'routed')).toBe(true);
  });

  it('starts nothing with OTEL_SDK_DISABLED=true', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({
      serviceName: 'off',
      endpoint: recorder.endpoint,
      env: { OTEL_SDK_DISABLED: 'true' },
    });
    metrics.getMeter('off').createCounter('nothing').add(1);
    trace.getTracer('off').startSpan('nothing').end();
    await telemetry.forceFlush();
    await telemetry.shutdown();
    expect(recorder.requests).toEqual([]);
  });

  it('takes service.name from OTEL_SERVICE_NAME when none is given', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({ endpoint: recorder.endpoint, env: { OTEL_SERVICE_NAME: 'from-env' } });
    expect(telemetry.resourceAttributes['service.name']).toBe('from-env');
  });

  it.each([
    ['OTEL_METRIC_EXPORT_INTERVAL', 'soon'],
    ['OTEL_METRIC_EXPORT_TIMEOUT', '-1'],
    ['OTEL_METRICS_EXPORTER', 'prometheus'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc'],
    ['OTEL_SDK_DISABLED', 'yes'],
    ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'not a url'],
  ])('refuses %s=%s, naming the variable', async (variable, value) => {
    const error = await startTelemetry({ serviceName: 'x', env: { [variable]: value } }).catch(
      (caught: unknown) => caught,
    );
    expect(isOutriderError(error, 'OUTRIDER_INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(value);
  });
});
