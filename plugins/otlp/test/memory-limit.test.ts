import { request } from 'node:http';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { makeSpans, metricValue, postProtobuf, type Running, startPlugin } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
});

it('requests beyond the in-flight memory limit get 429 with Retry-After instead of piling up', async () => {
  running = await startPlugin({ limits: { maxInflightBytes: 6000, retryAfter: '3s' } });
  const slow = makeSpans(10);
  expect(slow.body.length * 8).toBeGreaterThan(3000);
  const { port } = new URL(running.url);
  // A sender that has announced its body and sent half of it: its bytes are reserved.
  let finish = () => {};
  const pending = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        headers: { 'content-type': 'application/x-protobuf', 'content-length': slow.body.length },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write(slow.body.subarray(0, 100));
    finish = () => req.end(slow.body.subarray(100));
  });
  const module = running.module;
  await waitFor(() => (module.stats().inflightBytes as number) > 0, {
    timeout: 5000,
    what: 'the half-sent body reserved',
  });
  // Reserved as the decoded size estimate: 8× the protobuf body.
  expect(module.stats().inflightBytes).toBe(slow.body.length * 8);
  const refused = await postProtobuf(running.url, '/v1/traces', makeSpans(10).body);
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('3');
  finish();
  expect(await pending).toBe(200);
  await waitFor(() => module.stats().inflightBytes === 0, { timeout: 5000, what: 'the reservation released' });
  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(10).body)).status).toBe(200);
  expect(await metricValue(running.ctx.registry, 'outrider_otlp_requests_total', { code: '429' })).toBe(1);
});

/** A chunked POST (no Content-Length); `first` is written at once, `end()` sends the rest. */
function chunkedPost(url: string, body: Buffer, first: number) {
  const { port } = new URL(url);
  let end = () => {};
  const status = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        headers: { 'content-type': 'application/x-protobuf' },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write(body.subarray(0, first));
    end = () => req.end(body.subarray(first));
  });
  return { status, end: () => end() };
}

it('chunked bodies (no Content-Length) are accounted as their bytes arrive and refused past the limit', async () => {
  running = await startPlugin({ limits: { maxInflightBytes: 1024 * 1024 } });
  const module = running.module;
  const held = makeSpans(3000).body;
  expect(held.length).toBeGreaterThan(100_000);
  const first = chunkedPost(running.url, held, 64 * 1024);
  // Counted as it arrives: 8× the protobuf bytes received so far.
  await waitFor(() => (module.stats().inflightBytes as number) >= 64 * 1024 * 8, {
    timeout: 5000,
    what: 'the first chunks accounted',
  });
  const big = makeSpans(12_000).body;
  const second = chunkedPost(running.url, big, big.length);
  expect(await second.status).toBe(429);
  first.end();
  expect(await first.status).toBe(200);
  await waitFor(() => module.stats().inflightBytes === 0, { timeout: 5000, what: 'every reservation released' });
  expect(await metricValue(running.ctx.registry, 'outrider_otlp_requests_total', { code: '429' })).toBe(1);
});
