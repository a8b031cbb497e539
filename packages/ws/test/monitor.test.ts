import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketMonitor } from '../src/index.js';
import { roundTrip } from './upstream.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echoServer(): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${data}`)));
  cleanups.push(() => {
    for (const client of server.clients) client.terminate();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function connect(url: string, options: { autoPong?: boolean } = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options);
  cleanups.push(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('WebSocketMonitor', () => {
  it('counts connections, messages and bytes per room (the request path) and reports them as metrics', async () => {
    const { server, url } = await echoServer();
    const clock = new ManualClock(1_700_000_000_000);
    const registry = new Registry();
    const monitor = new WebSocketMonitor({ clock, registry, heartbeat: false });
    cleanups.push(() => monitor.close());
    monitor.attach(server);

    const prices = await connect(`${url}/prices?since=1`);
    const other = await connect(`${url}/prices`);
    const chat = await connect(`${url}/chat`);
    const replies: string[] = [];
    prices.on('message', (data) => replies.push(String(data)));
    await clock.advance(5_000);
    prices.send('hello');
    prices.send('hi');
    chat.send('x');
    await waitFor(() => replies.length === 2, { what: 'the echoes' });
    other.close();
    await waitFor(() => monitor.stats()['/prices']?.connectionsCurrent === 1, { what: 'the close to be counted' });

    expect(monitor.stats()).toEqual({
      '/prices': {
        startedAt: 1_700_000_000_000,
        connectionsTotal: 2,
        connectionsCurrent: 1,
        messagesIn: 2,
        messagesOut: 2,
        bytesIn: 7,
        bytesOut: 17,
        errors: 0,
        deadPeers: 0,
        lastActivityAt: 1_700_000_005_000,
      },
      '/chat': expect.objectContaining({ connectionsCurrent: 1, messagesIn: 1, messagesOut: 1, bytesIn: 1 }),
    });

    const text = await registry.metrics();
    expect(text).toContain('outrider_ws_connections{room="/prices"} 1');
    expect(text).toContain('outrider_ws_connections_opened_total{room="/prices"} 2');
    expect(text).toContain('outrider_ws_messages_total{room="/prices",direction="in"} 2');
    expect(text).toContain('outrider_ws_message_bytes_total{room="/prices",direction="out"} 17');
    expect(text).toContain('outrider_ws_last_activity_timestamp_seconds{room="/prices"} 1700000005');
  });

  it('counts a broadcast of one string to every socket at its UTF-8 size, and the next message at its own', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(() => {
      for (const client of server.clients) client.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const monitor = new WebSocketMonitor({ heartbeat: false });
    cleanups.push(() => monitor.close());
    monitor.attach(server, 'feed');
    const sockets = await Promise.all([connect(url), connect(url), connect(url)]);
    await waitFor(() => monitor.stats().feed?.connectionsCurrent === 3, { what: 'three connections' });
    let received = 0;
    for (const socket of sockets) socket.on('message', () => received++);

    const euro = '€10'; // 5 bytes in UTF-8, 3 UTF-16 units
    for (const client of server.clients) client.send(euro);
    for (const client of server.clients) client.send('ab');
    await waitFor(() => received === 6, { what: 'every message' });

    expect(monitor.stats().feed).toMatchObject({ messagesOut: 6, bytesOut: 3 * 5 + 3 * 2 });
  });

  it('terminates and counts a peer that does not answer pings, and keeps one that does', async () => {
    const { server, url } = await echoServer();
    const clock = new ManualClock();
    const monitor = new WebSocketMonitor({ clock, heartbeat: { interval: '1s', timeout: '500ms' } });
    cleanups.push(() => monitor.close());
    monitor.attach(server, 'feed');
    const alive = await connect(url);
    const dead = await connect(url, { autoPong: false });
    await waitFor(() => monitor.stats().feed?.connectionsCurrent === 2, { what: 'both connections' });

    const pinged = once(alive, 'ping');
    await clock.advance(1_000); // ping
    await pinged; // the live peer answered with a pong ...
    await roundTrip(alive); // ... which the server has handled by now
    await clock.advance(500); // timeout
    await waitFor(() => dead.readyState === WebSocket.CLOSED, { what: 'the dead peer to be terminated' });
    expect(alive.readyState).toBe(WebSocket.OPEN);
    await waitFor(() => monitor.stats().feed?.connectionsCurrent === 1, { what: 'the termination to be counted' });
    expect(monitor.stats().feed).toMatchObject({ deadPeers: 1, connectionsTotal: 2 });
  });

  it('tracks a client socket too, and stops counting after close()', async () => {
    const { url } = await echoServer();
    const monitor = new WebSocketMonitor({ heartbeat: false });
    const socket = new WebSocket(url);
    cleanups.push(() => socket.terminate());
    monitor.track(socket, 'upstream');
    await new Promise((resolve) => socket.once('open', resolve));
    const echoed = new Promise((resolve) => socket.once('message', resolve));
    socket.send('ping-me');
    await echoed;
    expect(monitor.stats().upstream).toMatchObject({ connectionsTotal: 1, messagesOut: 1, messagesIn: 1 });
    monitor.close();
    socket.send('uncounted');
    expect(monitor.stats().upstream?.messagesOut).toBe(1);
  });
});
