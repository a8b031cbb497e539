import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, startChild } from '../support/processes.js';
import { type PromSample, parseSamples } from '../support/prometheus-text.js';
import { type Sidecar, startSidecar } from '../support/sidecar.js';

let dir: string;
let sidecar: Sidecar | undefined;
let service: Child | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-round-trip-'));
  sidecar = await startSidecar(dir, { plugins: { otlp: { receiver: { port: 0 } } } });
  if (sidecar.otlpPort === undefined)
    throw new Error(`the otlp receiver did not report its port:\n${sidecar.output()}`);
  service = startChild(process.execPath, [join(import.meta.dirname, 'metrics-service.ts')], dir, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sidecar.otlpPort}`,
    OTEL_METRIC_EXPORT_INTERVAL: '300',
  });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await sidecar?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A series by name and labels, leaving out what the sidecar adds (job, instance, otel_scope_name). */
function seriesKey(sample: PromSample): string {
  const { job: _job, instance: _instance, otel_scope_name: _scope, ...labels } = sample.labels;
  return `${sample.name}${JSON.stringify(Object.entries(labels).sort())} ${sample.value}`;
}

// A real createService child exporting to a real sidecar: every series of the service's prom-client
// registry, as its own /metrics would print it, is on the sidecar's /metrics under the same name,
// labels and value, with job/instance from service.name and service.instance.id.
describe('prom-client metrics of a createService service reach the sidecar under their own names', () => {
  it('every series of every type: counters, gauges, histograms, summaries, the cache and retry metrics', async () => {
    const child = service as Child;
    const printed = await waitFor(() => child.output().match(/--- registry\n([\s\S]*?)\n--- end/)?.[1], {
      timeout: 20_000,
      interval: 200,
      what: () => `the service to print its registry:\n${child.output()}`,
    });
    const own = parseSamples(printed);
    for (const name of [
      'shop_orders_total',
      'shop_queue_depth',
      'shop_payload_bytes',
      'shop_checkout_duration_seconds_bucket',
      'shop_render_seconds',
      'shop_render_seconds_sum',
      'outrider_cache_requests_total',
      'outrider_retry_attempts_total',
    ]) {
      expect(
        own.some((sample) => sample.name === name),
        `the service records ${name}`,
      ).toBe(true);
    }
    let absent: string[] = [];
    await waitFor(
      async () => {
        const text = await (await fetch(`http://${sidecar?.address}/metrics`)).text();
        const served = new Set(
          parseSamples(text)
            .filter((sample) => sample.labels.job === 'round-trip' && sample.labels.instance === 'round-trip-1')
            .map(seriesKey),
        );
        absent = own.map(seriesKey).filter((key) => !served.has(key));
        return absent.length === 0 ? true : undefined;
      },
      { timeout: 20_000, interval: 200, what: 'the service series on the sidecar' },
    ).catch(() => undefined);
    expect(absent).toEqual([]);
  }, 40_000);
});
