import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from '../src/index.js';
import { type OtlpRecorder, startOtlpRecorder } from './otlp-recorder.js';
import { recordingModule } from './recording-modules.js';

let recorder: OtlpRecorder | undefined;

afterEach(async () => {
  await recorder?.close();
});

describe('createService telemetry', () => {
  it('exports what modules record to the OTLP endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, flushed on stop', async () => {
    recorder = await startOtlpRecorder();
    const service = createService({
      name: 'inventory',
      telemetry: { env: { OTEL_EXPORTER_OTLP_ENDPOINT: recorder.endpoint }, serviceVersion: '2.0.1' },
      signals: false,
      logger: { console: false },
      modules: [
        recordingModule('warmer', [], {
          start: () => {
            trace.getTracer('warmer').startSpan('warm-inventory-cache').end();
            metrics.getMeter('warmer').createCounter('items_warmed').add(42);
          },
        }),
      ],
    });
    await service.start();
    await service.stop();

    const [spans] = recorder.bodies('/v1/traces');
    expect(spans).toContain('warm-inventory-cache');
    expect(spans).toContain('inventory');
    expect(spans).toContain('2.0.1');
    const [points] = recorder.bodies('/v1/metrics');
    expect(points).toContain('items_warmed');
    expect(points).toContain('inventory');
  });
});
