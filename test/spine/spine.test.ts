import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, startChild } from '../support/processes.js';
import { type Prometheus, startPrometheus } from '../support/prometheus.js';
import { type Sidecar, startSidecar } from '../support/sidecar.js';

let dir: string;
let sidecar: Sidecar | undefined;
let service: Child | undefined;
let prometheus: Prometheus | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-spine-'));
  sidecar = await startSidecar(dir, { log: { level: 'info' }, plugins: { otlp: { receiver: { port: 0 } } } });
  if (sidecar.otlpPort === undefined)
    throw new Error(`the otlp receiver did not report its port:\n${sidecar.output()}`);
  // Node runs the TypeScript service directly (type stripping), resolving @outrider/sdk like a user's service.
  service = startChild(process.execPath, [join(import.meta.dirname, 'service.ts')], dir, {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sidecar.otlpPort}`,
  });
  prometheus = await startPrometheus(dir, [{ job: 'outrider', address: sidecar.address }]);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await prometheus?.stop();
  await sidecar?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the spine: a service on @outrider/sdk → the sidecar → Prometheus', () => {
  it("Prometheus scraping the sidecar holds the service's counter, labelled with its service name", async () => {
    const prom = prometheus as Prometheus;
    const found = await waitFor(
      async () => {
        const series = await prom.query('spine_orders_total');
        return series.find((s) => Number(s.value[1]) > 0);
      },
      {
        timeout: 30_000,
        interval: 500,
        what: () =>
          `spine_orders series in Prometheus\n--- service:\n${service?.output()}\n--- sidecar:\n${sidecar?.output()}`,
      },
    );
    expect(found.metric).toMatchObject({ job: 'outrider', region: 'eu' });
    expect(JSON.stringify(found.metric)).toContain('spine-service');
  });
});
