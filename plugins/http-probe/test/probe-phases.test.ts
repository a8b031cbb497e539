import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../src/index.js';
import { httpServer, httpsServer, type TestServer } from './servers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('probe phases', () => {
  it('times dns, connect, first byte, transfer and total from the socket events', async () => {
    server = await httpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('part one, ');
      // The body's second half arrives 60 ms after the headers: that is the transfer phase.
      setTimeout(() => response.end('part two'), 60);
    });
    const result = await probe({ url: `${server.url}/health`, timeoutMs: 2_000 });
    expect(result).toMatchObject({ success: true, status: 200 });
    const { dns, connect, tls, first_byte, transfer, total } = result.phases;
    expect(dns).toBeGreaterThanOrEqual(0);
    expect(connect).toBeGreaterThanOrEqual(0);
    expect(tls).toBeUndefined();
    expect(first_byte).toBeGreaterThanOrEqual(0);
    expect(transfer).toBeGreaterThanOrEqual(0.05);
    expect(total).toBeGreaterThanOrEqual((dns ?? 0) + (connect ?? 0) + (first_byte ?? 0) + (transfer ?? 0) - 0.001);
  });

  it('counts a slow server in first_byte, and passes when it answers within the timeout', async () => {
    server = await httpServer((_request, response) => {
      setTimeout(() => response.end('late but fine'), 150);
    });
    const result = await probe({ url: server.url, timeoutMs: 2_000, bodyMatch: /fine$/ });
    expect(result.success).toBe(true);
    expect(result.phases.first_byte).toBeGreaterThanOrEqual(0.14);
  });

  it('has no dns phase for an IP literal', async () => {
    server = await httpServer((_request, response) => response.end());
    const result = await probe({ url: server.url.replace('localhost', '127.0.0.1'), timeoutMs: 2_000 });
    expect(result.success).toBe(true);
    expect(result.phases.dns).toBeUndefined();
    expect(result.phases.connect).toBeGreaterThanOrEqual(0);
  });

  it('sends the method, headers and body it is given', async () => {
    let seen = '';
    server = await httpServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen = `${request.method} ${request.headers['x-probe']} ${body}`;
        response.writeHead(201).end();
      });
    });
    const result = await probe({
      url: server.url,
      method: 'POST',
      headers: { 'x-probe': 'outrider' },
      body: 'ping',
      expectStatus: 201,
      timeoutMs: 2_000,
    });
    expect(result).toMatchObject({ success: true, status: 201 });
    expect(seen).toBe('POST outrider ping');
  });

  describe('over https with a self-signed certificate', () => {
    it('times the tls handshake when the certificate is accepted', async () => {
      server = await httpsServer((_request, response) => response.end('secure'));
      const result = await probe({ url: server.url, timeoutMs: 5_000, insecureSkipVerify: true });
      expect(result).toMatchObject({ success: true, status: 200 });
      expect(result.phases.tls).toBeGreaterThan(0);
      expect(result.phases.first_byte).toBeGreaterThanOrEqual(0);
    });

    it('fails with reason tls when the certificate does not verify', async () => {
      server = await httpsServer((_request, response) => response.end('secure'));
      const result = await probe({ url: server.url, timeoutMs: 5_000 });
      expect(result).toMatchObject({ success: false, reason: 'tls' });
      expect(result.error).toMatch(/self.signed/i);
      expect(result.phases.connect).toBeGreaterThanOrEqual(0);
      expect(result.phases.tls).toBeUndefined();
    });
  });
});
