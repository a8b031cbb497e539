// Hostile senders against a real sidecar process (`outrider start`), next to a real instrumented app
// (the OpenTelemetry Node SDK): chunked bodies held open count against the memory limit as their bytes
// arrive, a body sent a byte at a time is cut off at the request timeout, and the app's spans all
// arrive at the backend exactly once meanwhile.

import { mkdtemp } from 'node:fs/promises';
import { type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { type Backend, makeSpans, runSdkClient, startBackend } from './helpers.js';
import { poll, type Sidecar, startSidecar } from './scrape-support.js';

let sidecar: Sidecar | undefined;
let backend: Backend | undefined;
const requests: ClientRequest[] = [];
afterEach(async () => {
  for (const held of requests.splice(0)) held.destroy();
  await sidecar?.stop();
  await backend?.close();
  sidecar = backend = undefined;
});

/** A POST without Content-Length (chunked); `first` bytes are written at once, the rest never. */
function heldChunked(url: string, body: Uint8Array, first: number) {
  const { port } = new URL(url);
  const outcome = { status: 0, closed: false };
  const req = request(
    {
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
    },
    (response) => {
      outcome.status = response.statusCode ?? 0;
      response.resume();
    },
  );
  requests.push(req);
  req.on('error', () => {});
  req.on('close', () => {
    outcome.closed = true;
  });
  req.write(body.subarray(0, first));
  return { req, outcome };
}

/** `outrider_otlp_inflight_bytes` as the sidecar's /metrics shows it. */
async function inflightBytes(address: string): Promise<number> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  return Number(text.match(/^outrider_otlp_inflight_bytes\{[^}]*\} (\d+)/m)?.[1] ?? Number.NaN);
}

it('held chunked bodies fill the memory limit, a byte-a-second body is cut off, and a real app loses nothing', async () => {
  backend = await startBackend();
  const dir = await mkdtemp(join(tmpdir(), 'otlp-hostile-'));
  const requestTimeout = 15_000;
  sidecar = await startSidecar(dir, {
    otlp: {
      receiver: { port: 0, requestTimeout },
      limits: { maxInflightBytes: 4 * 1024 * 1024 },
      exporter: { endpoint: backend.url, compression: 'none' },
    },
  });
  const { address, otlpUrl } = sidecar;

  // Two chunked bodies that stop half-way: 2 × 192 KiB received, accounted as 8× that (3 MiB).
  const body = makeSpans(6000).body;
  expect(body.length).toBeGreaterThan(400 * 1024);
  const held = [heldChunked(otlpUrl, body, 192 * 1024), heldChunked(otlpUrl, body, 192 * 1024)];
  await poll(
    async () => `the held bodies were not accounted: inflight ${await inflightBytes(address)}`,
    async () => ((await inflightBytes(address)) >= 2 * 192 * 1024 * 8 ? true : undefined),
  );
  // A third one, just as big, does not fit: 429 while its bytes arrive, without Content-Length.
  const third = heldChunked(otlpUrl, body, 192 * 1024);
  await poll(
    () => `no 429 for the body past the limit (status ${third.outcome.status})`,
    async () => (third.outcome.status === 429 ? true : undefined),
  );

  // A body announced with Content-Length and sent a byte a second.
  const slow = { status: 0, closed: false };
  const trickle = request(
    {
      host: '127.0.0.1',
      port: new URL(otlpUrl).port,
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf', 'content-length': 1000 },
    },
    (response) => {
      slow.status = response.statusCode ?? 0;
      response.resume();
    },
  );
  requests.push(trickle);
  trickle.on('error', () => {});
  trickle.on('close', () => {
    slow.closed = true;
  });
  const dripping = setInterval(() => trickle.writable && trickle.write(Buffer.alloc(1)), 1000);
  const started = Date.now();

  try {
    // The app sends while all that is held: the room left takes its batches.
    const sent = await runSdkClient(otlpUrl, 'proto', 300, 'steady-app');
    await waitFor(() => (backend as Backend).spanIds.length >= sent.length, {
      timeout: 20_000,
      what: 'the app spans at the backend',
    });
    expect([...backend.spanIds].sort()).toEqual([...sent].sort());

    // The request timeout ends every held body and the trickle; their reservations go back.
    await poll(
      () => `the held connections outlived the request timeout: ${JSON.stringify({ held, slow })}`,
      async () => (held.every(({ outcome }) => outcome.closed) && slow.closed ? true : undefined),
      requestTimeout * 3,
    );
    expect(Date.now() - started).toBeLessThan(requestTimeout * 3);
    expect(slow.status === 408 || slow.status === 0).toBe(true);
    await poll(
      async () => `reservations left: ${await inflightBytes(address)}`,
      async () => ((await inflightBytes(address)) === 0 ? true : undefined),
    );
  } finally {
    clearInterval(dripping);
  }
  // Nothing of the hostile bodies reached the backend, nothing of the app twice.
  expect(new Set(backend.spanIds).size).toBe(backend.spanIds.length);
  expect(backend.spanIds).toHaveLength(300);
  const metrics = await (await fetch(`http://${address}/metrics`)).text();
  expect(metrics).toMatch(/outrider_otlp_requests_total\{[^}]*code="429"[^}]*\} [1-9]/);
}, 120_000);
