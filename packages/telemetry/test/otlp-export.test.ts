import { logs, metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry } from '../src/index.js';
import { contains, type OtlpRecorder, startOtlpRecorder } from './otlp-recorder.js';

let recorder: OtlpRecorder | undefined;

afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

describe('startTelemetry exports over OTLP/HTTP protobuf', () => {
  it('sends a span, a metric and a log record with the resource to /v1/traces, /v1/metrics and /v1/logs', async () => {
    recorder = await startOtlpRecorder();
    const telemetry = await startTelemetry({
      serviceName: 'checkout-service',
      serviceVersion: '1.4.2',
      serviceInstanceId: 'checkout-7f9c',
      endpoint: recorder.endpoint,
      resourceAttributes: { 'deployment.environment.name': 'staging' },
    });

    trace.getTracer('checkout').startActiveSpan('charge-card', (span) => {
      span.setAttribute('order.id', 'A-1001');
      span.end();
    });
    metrics.getMeter('checkout').createCounter('orders_placed').add(3, { region: 'eu-west' });
    logs.getLogger('checkout').emit({ body: 'order A-1001 paid', severityText: 'INFO' });
    await telemetry.shutdown();

    for (const path of ['/v1/traces', '/v1/metrics', '/v1/logs']) {
      const [request, ...more] = recorder.to(path);
      expect(request, path).toBeDefined();
      expect(more).toHaveLength(0);
      expect(request?.method).toBe('POST');
      expect(request?.headers['content-type']).toBe('application/x-protobuf');
      for (const text of ['checkout-service', '1.4.2', 'checkout-7f9c', 'staging', 'host.name', 'process.pid']) {
        expect(contains(request?.body as Buffer, text), `${path} holds ${text}`).toBe(true);
      }
    }
    const [spans] = recorder.to('/v1/traces');
    expect(contains(spans?.body as Buffer, 'charge-card')).toBe(true);
    expect(contains(spans?.body as Buffer, 'A-1001')).toBe(true);
    const [points] = recorder.to('/v1/metrics');
    expect(contains(points?.body as Buffer, 'orders_placed')).toBe(true);
    expect(contains(points?.body as Buffer, 'eu-west')).toBe(true);
    const [records] = recorder.to('/v1/logs');
    expect(contains(records?.body as Buffer, 'order A-1001 paid')).toBe(true);
  });

  it('sends the configured headers and skips signals that are turned off', async () => {
    recorder = await startOtlpRecorder();
    const telemetry = await startTelemetry({
      serviceName: 'billing',
      endpoint: `${recorder.endpoint}/`,
      headers: { authorization: 'Bearer t0ken' },
      metrics: false,
      logs: false,
    });
    trace.getTracer('billing').startSpan('invoice').end();
    metrics.getMeter('billing').createCounter('invoices').add(1);
    logs.getLogger('billing').emit({ body: 'invoice sent' });
    await telemetry.shutdown();

    expect(recorder.requests.map((request) => request.path)).toEqual(['/v1/traces']);
    expect(recorder.requests[0]?.headers.authorization).toBe('Bearer t0ken');
    expect(contains(recorder.requests[0]?.body as Buffer, 'invoice')).toBe(true);
  });

  it('takes the endpoint from OTEL_EXPORTER_OTLP_ENDPOINT when none is given', async () => {
    recorder = await startOtlpRecorder();
    const telemetry = await startTelemetry({
      serviceName: 'env-configured',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: recorder.endpoint },
      metrics: false,
      logs: false,
    });
    expect(telemetry.endpoint).toBe(recorder.endpoint);
    trace.getTracer('env').startSpan('from-env').end();
    await telemetry.shutdown();
    expect(contains(recorder.to('/v1/traces')[0]?.body as Buffer, 'from-env')).toBe(true);
  });

  it('exports metrics periodically at metricExportInterval without a flush', async () => {
    recorder = await startOtlpRecorder();
    const telemetry = await startTelemetry({
      serviceName: 'periodic',
      endpoint: recorder.endpoint,
      metricExportInterval: '50ms',
      traces: false,
      logs: false,
    });
    metrics.getMeter('periodic').createCounter('ticks').add(1);
    await expect.poll(() => recorder?.to('/v1/metrics').length, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    await telemetry.shutdown();
  });
});
