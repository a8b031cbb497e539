import { connect, type Socket } from 'node:net';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { metricValue, type Running, startPlugin } from './helpers.js';

let running: Running | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.stop();
  running = undefined;
});

/** A raw connection that records what the server sent and whether it closed the connection. */
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

const limits = { requestTimeout: 600, idleTimeout: 300, maxConnections: 4 };

it('closes connections that send nothing, bodies that trickle past the request timeout, and idle keep-alives', async () => {
  running = await startPlugin({ receiver: limits });
  const silent = open(running.url);
  const slow = open(running.url);
  const keptAlive = open(running.url);
  await Promise.all([silent.connected, slow.connected, keptAlive.connected]);
  slow.socket.write(
    'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\n',
  );
  const trickle = setInterval(() => slow.socket.writable && slow.socket.write('\n'), 50);
  keptAlive.socket.write('GET /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n');
  try {
    await waitFor(() => silent.seen.closed, { timeout: 10_000, what: 'the silent connection closed' });
    await waitFor(() => slow.seen.closed, { timeout: 10_000, what: 'the trickling body cut off' });
    await waitFor(() => keptAlive.seen.closed, { timeout: 10_000, what: 'the idle keep-alive closed' });
  } finally {
    clearInterval(trickle);
  }
  expect(slow.seen.text).toMatch(/^HTTP\/1.1 408/);
  expect(keptAlive.seen.text).toMatch(/^HTTP\/1.1 405/);
});

it('closes connections past maxConnections at once, and counts them', async () => {
  running = await startPlugin({ receiver: { ...limits, requestTimeout: 30_000, idleTimeout: 30_000 } });
  const held = Array.from({ length: 4 }, () => open(running?.url as string));
  await Promise.all(held.map((c) => c.connected));
  const extra = open(running.url);
  await waitFor(() => extra.seen.closed, { timeout: 5000, what: 'the connection over the cap closed' });
  expect(held.every((c) => !c.seen.closed)).toBe(true);
  expect(await metricValue(running.ctx.registry, 'outrider_otlp_connections_refused_total')).toBe(1);
  // One closes: a new one is let in again.
  held[0]?.socket.destroy();
  await waitFor(() => held[0]?.seen.closed === true, { timeout: 5000, what: 'a held connection closed' });
  const next = open(running.url);
  await next.connected;
  next.socket.write('GET /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => next.seen.text.includes('405'), { timeout: 5000, what: 'an answer on the new connection' });
});
