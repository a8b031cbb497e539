import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, metricValue, type Running, runSdkClient, startBackend, startPlugin } from './helpers.js';

let running: Running | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await running?.stop();
  await backend?.close();
  running = undefined;
  backend = undefined;
});

describe('real OpenTelemetry SDK clients', { timeout: 30_000 }, () => {
  it('every span sent by a proto and a JSON exporter arrives at the backend exactly once', async () => {
    backend = await startBackend();
    running = await startPlugin({ exporter: { endpoint: backend.url } });
    const [protoIds, jsonIds] = await Promise.all([
      runSdkClient(running.url, 'proto', 600, 'proto-app'),
      runSdkClient(running.url, 'json', 400, 'json-app'),
    ]);
    const sent = [...protoIds, ...jsonIds];
    expect(sent).toHaveLength(1000);
    await waitFor(() => (backend as Backend).spanIds.length >= sent.length, {
      timeout: 10_000,
      what: 'spans at the backend',
    });
    expect([...backend.spanIds].sort()).toEqual([...sent].sort());
    expect(new Set(backend.spanIds).size).toBe(backend.spanIds.length);
    // Logs went the same way: 60 + 40 records.
    await waitFor(() => (backend as Backend).logBodies.length >= 100, { timeout: 5000, what: 'logs at the backend' });
    expect(backend.logBodies.filter((body) => body.startsWith('log '))).toHaveLength(100);
  });

  it('their metrics become Prometheus series named by the OTel rules, with job, instance and target_info', async () => {
    running = await startPlugin();
    await Promise.all([
      runSdkClient(running.url, 'proto', 100, 'proto-app'),
      runSdkClient(running.url, 'json', 50, 'json-app'),
    ]);
    const text = await running.ctx.registry.metrics();
    expect(text).toContain('# TYPE http_server_requests_total counter');
    expect(text).toMatch(/http_server_requests_total\{[^}]*job="proto-app"[^}]*\} 10/);
    expect(text).toMatch(/http_server_requests_total\{[^}]*job="json-app"[^}]*\} 5/);
    expect(text).toMatch(/http_server_requests_total\{[^}]*instance="proto-app-1"/);
    expect(text).toMatch(/http_server_requests_total\{[^}]*otel_scope_name="sdk-client"/);
    expect(text).toContain('# TYPE http_server_duration_milliseconds histogram');
    expect(text).toMatch(/http_server_duration_milliseconds_count\{[^}]*job="proto-app"[^}]*\} 10/);
    expect(text).toMatch(/target_info\{[^}]*deployment_environment_name="test"[^}]*\} 1/);
    expect(
      await metricValue(running.ctx.registry, 'outrider_otlp_items_total', { signal: 'traces', outcome: 'exported' }),
    ).toBe(150);
  });
});
