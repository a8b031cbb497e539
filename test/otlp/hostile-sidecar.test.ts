// Hostile senders against a real sidecar process (`outrider start`), next to a real instrumented app
// (the OpenTelemetry SDK in its own process): chunked bodies held open count against the otlp plugin's
// memory limit as their bytes arrive, a body sent a byte at a time is cut off at the request timeout, and
// the app's spans all arrive at the backend exactly once meanwhile.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { type Sidecar, startSidecar } from '../support/sidecar.js';
import { type Backend, startBackend } from './backend.js';

let sidecar: Sidecar | undefined;
let backend: Backend | undefined;
let dir: string | undefined;
const requests: ClientRequest[] = [];
afterEach(async () => {
  for (const held of requests.splice(0)) held.destroy();
  await sidecar?.stop();
  await backend?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  sidecar = backend = dir = undefined;
});

/** Reads of the sidecar's /metrics and of sockets the test holds: every 250 ms, 30 s at most. */
const POLL = { timeout: 30_000, interval: 250 };

/** Runs the instrumented app (traced-app.ts) to completion; resolves with the ids of the spans it sent. */
function runTracedApp(endpoint: string, spans: number, service: string): Promise<string[]> {
  const app = join(import.meta.dirname, 'traced-app.ts');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [app, endpoint, String(spans), service], (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`traced-app failed: ${error.message}\n${stderr}`));
      else resolve((JSON.parse(stdout.trim().split('\n').at(-1) as string) as { spanIds: string[] }).spanIds);
    });
  });
}

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
  dir = await mkdtemp(join(tmpdir(), 'otlp-hostile-'));
  const requestTimeout = 15_000;
  sidecar = await startSidecar(dir, {
    plugins: {
      otlp: {
        receiver: { port: 0, requestTimeout },
        limits: { maxInflightBytes: 4 * 1024 * 1024 },
        exporter: { endpoint: backend.url, compression: 'none' },
      },
    },
  });
  const { address } = sidecar;
  const otlpUrl = `http://127.0.0.1:${sidecar.otlpPort}`;

  // Two chunked bodies that stop half-way: 2 × 192 KiB received, accounted as 8× that (3 MiB). A body that
  // never ends is never decoded, so any bytes will do.
  const body = Buffer.alloc(400 * 1024, 0x0a);
  const held = [heldChunked(otlpUrl, body, 192 * 1024), heldChunked(otlpUrl, body, 192 * 1024)];
  let inflight = 0;
  const inflightAtLeast = async (bytes: number) => {
    inflight = await inflightBytes(address);
    return inflight >= bytes;
  };
  await waitFor(() => inflightAtLeast(2 * 192 * 1024 * 8), {
    ...POLL,
    what: () => `the held bodies to be accounted (inflight ${inflight})`,
  });
  // A third one, just as big, does not fit: 429 while its bytes arrive, without Content-Length.
  const third = heldChunked(otlpUrl, body, 192 * 1024);
  await waitFor(() => third.outcome.status === 429, {
    ...POLL,
    what: () => `a 429 for the body past the limit (status ${third.outcome.status})`,
  });

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
    const sent = await runTracedApp(otlpUrl, 300, 'steady-app');
    await waitFor(() => (backend as Backend).spanIds.length >= sent.length, {
      timeout: 20_000,
      what: 'the app spans at the backend',
    });
    expect([...backend.spanIds].sort()).toEqual([...sent].sort());

    // The request timeout ends every held body and the trickle; their reservations go back.
    await waitFor(() => held.every(({ outcome }) => outcome.closed) && slow.closed, {
      ...POLL,
      timeout: requestTimeout * 3,
      what: () =>
        `the held connections to close at the request timeout: ${JSON.stringify({ held: held.map((h) => h.outcome), slow })}`,
    });
    expect(Date.now() - started).toBeLessThan(requestTimeout * 3);
    expect(slow.status === 408 || slow.status === 0).toBe(true);
    await waitFor(
      async () => {
        inflight = await inflightBytes(address);
        return inflight === 0;
      },
      {
        ...POLL,
        what: () => `every reservation to go back (inflight ${inflight})`,
      },
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
