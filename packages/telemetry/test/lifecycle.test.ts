import { trace } from '@opentelemetry/api';
import { isOutriderError, type LogFn, type Logger } from '@outrider/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../src/index.js';
import { type OtlpRecorder, startOtlpRecorder } from './otlp-recorder.js';

let recorder: OtlpRecorder | undefined;
let telemetry: Telemetry | undefined;

afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  await recorder?.close();
  recorder = undefined;
});

function recordingLogger(lines: { level: string; message: string | undefined }[]): Logger {
  const at =
    (level: string): LogFn =>
    (first: object | string, message?: string) =>
      lines.push({ level, message: typeof first === 'string' ? first : message });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('startTelemetry lifecycle', () => {
  it('refuses a second pipeline while one runs, and allows one after shutdown', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({ serviceName: 'first', endpoint: recorder.endpoint });
    await expect(startTelemetry({ serviceName: 'second', endpoint: recorder.endpoint })).rejects.toSatisfy((error) =>
      isOutriderError(error, 'OUTRIDER_TELEMETRY_ACTIVE'),
    );
    await telemetry.shutdown();

    telemetry = await startTelemetry({
      serviceName: 'third',
      endpoint: recorder.endpoint,
      metrics: false,
      logs: false,
    });
    trace.getTracer('t').startSpan('after-restart').end();
    await telemetry.shutdown();
    const bodies = recorder.to('/v1/traces').map((request) => request.body.toString('latin1'));
    expect(bodies.some((body) => body.includes('after-restart') && body.includes('third'))).toBe(true);
  });

  it('shutdown is idempotent and exports once', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({
      serviceName: 'twice',
      endpoint: recorder.endpoint,
      metrics: false,
      logs: false,
    });
    trace.getTracer('t').startSpan('once').end();
    const first = telemetry.shutdown();
    expect(telemetry.shutdown()).toBe(first);
    await first;
    await telemetry.shutdown();
    expect(recorder.to('/v1/traces')).toHaveLength(1);
  });

  it('forceFlush exports buffered spans while the pipeline keeps running', async () => {
    recorder = await startOtlpRecorder();
    telemetry = await startTelemetry({
      serviceName: 'flushing',
      endpoint: recorder.endpoint,
      metrics: false,
      logs: false,
    });
    trace.getTracer('t').startSpan('first').end();
    await telemetry.forceFlush();
    expect(recorder.to('/v1/traces')).toHaveLength(1);
    trace.getTracer('t').startSpan('second').end();
    await telemetry.forceFlush();
    expect(recorder.to('/v1/traces')).toHaveLength(2);
  });

  it('reports failed exports to the logger', async () => {
    recorder = await startOtlpRecorder(400);
    const lines: { level: string; message: string | undefined }[] = [];
    telemetry = await startTelemetry({
      serviceName: 'rejected',
      endpoint: recorder.endpoint,
      metrics: false,
      logs: false,
      logger: recordingLogger(lines),
    });
    trace.getTracer('t').startSpan('refused').end();
    await telemetry.shutdown();
    expect(recorder.to('/v1/traces')).toHaveLength(1);
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  it.each([
    [{ serviceName: '' }, 'serviceName'],
    [{ serviceName: 'x', endpoint: 'not a url' }, 'endpoint'],
    [{ serviceName: 'x', endpoint: 'ftp://127.0.0.1:4318' }, 'endpoint'],
    [{ serviceName: 'x', metricExportInterval: 0 }, 'metricExportInterval'],
    [{ serviceName: 'x', exportTimeout: Number.NaN }, 'exportTimeout'],
    [{ serviceName: 'x', metricExportInterval: '10 s' as never }, 'metricExportInterval'],
  ])('rejects %j naming %s', async (options, option) => {
    const error = await startTelemetry(options).catch((caught: unknown) => caught);
    expect(isOutriderError(error, 'OUTRIDER_INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain(option);
  });
});
