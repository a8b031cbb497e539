import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../src/index.js';
import { httpServer, type TestServer } from './servers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('probe failures, each with its reason', () => {
  it('status: a 500 where 2xx is expected', async () => {
    server = await httpServer((_request, response) => response.writeHead(500).end('boom'));
    expect(await probe({ url: server.url, timeoutMs: 2_000 })).toMatchObject({
      success: false,
      status: 500,
      reason: 'status',
    });
  });

  it('status: a 200 where a list without 200 is expected, and success when the list has it', async () => {
    server = await httpServer((_request, response) => response.end());
    expect(await probe({ url: server.url, timeoutMs: 2_000, expectStatus: [204, 301] })).toMatchObject({
      reason: 'status',
    });
    expect(await probe({ url: server.url, timeoutMs: 2_000, expectStatus: [200, 204] })).toMatchObject({
      success: true,
    });
  });

  it('body: the body does not match', async () => {
    server = await httpServer((_request, response) => response.end('{"status":"degraded"}'));
    const result = await probe({ url: server.url, timeoutMs: 2_000, bodyMatch: /"status":"ok"/ });
    expect(result).toMatchObject({ success: false, status: 200, reason: 'body' });
  });

  it('reset: the server closes the socket mid-response', async () => {
    server = await httpServer((request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('only a few bytes');
      setTimeout(() => request.socket.destroy(), 20);
    });
    const result = await probe({ url: server.url, timeoutMs: 2_000 });
    expect(result).toMatchObject({ success: false, status: 200, reason: 'reset' });
    expect(result.phases.first_byte).toBeGreaterThanOrEqual(0);
  });

  it('reset: the server accepts the connection and closes it without answering', async () => {
    server = await httpServer((request) => request.socket.destroy());
    expect(await probe({ url: server.url, timeoutMs: 2_000 })).toMatchObject({ success: false, reason: 'reset' });
  });

  it('connect: nothing listens on the port', async () => {
    server = await httpServer(() => {});
    const url = server.url;
    await server.close();
    server = undefined;
    const result = await probe({ url, timeoutMs: 2_000 });
    expect(result).toMatchObject({ success: false, reason: 'connect' });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('dns: the host does not resolve', async () => {
    const result = await probe({ url: 'http://outrider-probe-test.invalid/', timeoutMs: 5_000 });
    expect(result).toMatchObject({ success: false, reason: 'dns' });
  });

  it('timeout: a hung server is cut off when the timeout passes on the clock', async () => {
    server = await httpServer(() => {}); // never answers
    const clock = new ManualClock();
    const pending = probe({ url: server.url, timeoutMs: 3_000 }, { clock });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    const hung = server;
    await waitFor(() => hung.requests === 1, { what: 'the request to arrive' });
    await clock.advance(2_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    const result = await pending;
    expect(result).toMatchObject({ success: false, reason: 'timeout' });
    expect(result.status).toBeUndefined();
  });

  it('aborted: a cancelled probe is not a target failure', async () => {
    server = await httpServer(() => {});
    const controller = new AbortController();
    const pending = probe({ url: server.url, timeoutMs: 10_000 }, { signal: controller.signal });
    const hung = server;
    await waitFor(() => hung.requests === 1, { what: 'the request to arrive' });
    controller.abort();
    expect(await pending).toMatchObject({ success: false, reason: 'aborted' });
  });
});
