import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import {
  type Backend,
  makeSpans,
  metricValue,
  postProtobuf,
  type Running,
  startBackend,
  startPlugin,
} from './helpers.js';

let running: Running | undefined;
let backend: Backend | undefined;
afterEach(async () => {
  await running?.stop();
  await backend?.close();
});

it('a backend answering 429 with Retry-After: 7 is not called again before 7 s', { timeout: 15_000 }, async () => {
  const clock = new ManualClock(Date.now());
  backend = await startBackend();
  let calls = 0;
  backend.respond = () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 });
  // Backoff alone would retry after ~100 ms: only Retry-After explains a 7 s wait.
  running = await startPlugin(
    { exporter: { endpoint: backend.url, retry: { minDelay: 100, maxDelay: 200 } } },
    { clock },
  );
  const { body, ids } = makeSpans(10);
  expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  const registry = running.ctx.registry;
  await waitFor(() => calls === 1, { timeout: 5000, what: 'the first export' });
  // onRetry counts the retry just before the wait starts.
  for (let i = 0; i < 200 && (await metricValue(registry, 'outrider_otlp_export_retries_total')) === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await clock.advance(6900);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(calls).toBe(1);
  await clock.advance(200);
  await waitFor(() => (backend as Backend).spanIds.length === 10, { timeout: 5000, what: 'the retried export' });
  expect(calls).toBe(2);
  expect(backend.spanIds.sort()).toEqual(ids.sort());
});

it('a backend answering 400 is a permanent failure: counted, not retried, removed from the spool', async () => {
  backend = await startBackend();
  backend.respond = () => ({ status: 400 });
  running = await startPlugin({ exporter: { endpoint: backend.url, retry: { minDelay: 10, maxDelay: 20 } } });
  const { body } = makeSpans(25);
  expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  const registry = running.ctx.registry;
  await waitFor(() => (backend as Backend).requests === 1, { timeout: 5000, what: 'the export' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(backend.requests).toBe(1);
  expect(await metricValue(registry, 'outrider_otlp_export_failed_total', { reason: 'rejected_by_backend' })).toBe(25);
  expect((running.module.stats().spool as { records: number }).records).toBe(0);
});
