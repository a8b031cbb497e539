import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
let elsewhere: Server | undefined;
afterEach(async () => {
  await running?.stop();
  await backend?.close();
  elsewhere?.closeAllConnections();
  await new Promise<void>((resolve) => (elsewhere ? elsewhere.close(() => resolve()) : resolve()));
  running = backend = elsewhere = undefined;
});

/** Another host:port that records what reaches it: a redirect must never bring spans or headers here. */
async function startElsewhere(): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  elsewhere = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => elsewhere?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`, seen };
}

const secretHeaders = { 'x-api-key': 'never-elsewhere' };

it('does not follow a redirect by default: nothing reaches the other port, the batch stays spooled and is retried', async () => {
  const other = await startElsewhere();
  backend = await startBackend();
  let redirecting = true;
  backend.respond = () =>
    redirecting ? { status: 307, headers: { location: `${other.url}/v1/traces` } } : { status: 200 };
  running = await startPlugin({
    exporter: { endpoint: backend.url, headers: secretHeaders, retry: { minDelay: 10, maxDelay: 20 } },
  });
  const { body, ids } = makeSpans(20);
  expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  await waitFor(() => (backend as Backend).requests >= 3, { timeout: 5000, what: 'retried exports' });
  expect(other.seen).toEqual([]);
  expect(running.module.health().status).toBe('degraded');
  expect(await metricValue(running.ctx.registry, 'outrider_otlp_items_total', { outcome: 'exported' })).toBe(0);
  redirecting = false;
  await waitFor(() => (backend as Backend).spanIds.length === 20, {
    timeout: 5000,
    what: 'the export once the backend stops redirecting',
  });
  expect(backend.spanIds.sort()).toEqual(ids.sort());
  expect(other.seen).toEqual([]);
});

it('with redirects: same-origin, follows a redirect on the same host and port but not to another', async () => {
  const other = await startElsewhere();
  backend = await startBackend();
  let calls = 0;
  // First a same-origin hop (followed), then a hop to another port (refused, retried), then 200.
  backend.respond = () => {
    calls++;
    if (calls === 1) return { status: 308, headers: { location: '/v1/traces' } };
    if (calls === 2) return { status: 307, headers: { location: `${other.url}/v1/traces` } };
    return { status: 200 };
  };
  running = await startPlugin({
    exporter: {
      endpoint: backend.url,
      headers: secretHeaders,
      redirects: 'same-origin',
      retry: { minDelay: 10, maxDelay: 20 },
    },
  });
  const { body, ids } = makeSpans(5);
  expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  await waitFor(() => (backend as Backend).spanIds.length === 5, { timeout: 5000, what: 'the export' });
  expect(calls).toBe(3);
  expect(backend.spanIds.sort()).toEqual(ids.sort());
  expect(other.seen).toEqual([]);
});
