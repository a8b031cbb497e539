import { connect, type Socket } from 'node:net';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { type Started, startServer } from './http-fixture.js';

let started: Started | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await started?.close();
  started = undefined;
});

function open(url: string) {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  sockets.push(socket);
  const seen = { text: '', closed: false };
  socket.on('data', (chunk: Buffer) => {
    seen.text += chunk.toString();
  });
  socket.on('close', () => {
    seen.closed = true;
  });
  socket.on('error', () => {});
  return { socket, seen, connected: new Promise<void>((resolve) => socket.once('connect', () => resolve())) };
}

it('closes silent connections and idle keep-alives', async () => {
  started = await startServer({ requestTimeoutMs: 500, idleTimeoutMs: 200 });
  const silent = open(started.url);
  const keptAlive = open(started.url);
  await Promise.all([silent.connected, keptAlive.connected]);
  keptAlive.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await waitFor(() => keptAlive.seen.closed, { what: 'the idle keep-alive closed' });
  await waitFor(() => silent.seen.closed, { what: 'the silent connection closed' });
  expect(keptAlive.seen.text).toMatch(/^HTTP\/1.1 200/);
});

it('closes connections past maxConnections at once, and counts them', async () => {
  started = await startServer({ maxConnections: 3 });
  const held = Array.from({ length: 3 }, () => open(started?.url as string));
  await Promise.all(held.map((c) => c.connected));
  const extra = open(started.url);
  await waitFor(() => extra.seen.closed, { what: 'the connection over the cap closed' });
  expect(held.every((c) => !c.seen.closed)).toBe(true);
  expect(await started.registry.getSingleMetricAsString('outrider_http_connections_refused_total')).toMatch(/ 1$/m);
});
