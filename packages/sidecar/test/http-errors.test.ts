import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer, TinyAgent } from './http-fixture.js';

const TOKEN = 'tok';
const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** Writes `raw` on a plain TCP connection and returns everything the server sends until it closes. */
function rawExchange(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

function bodyOf(rawResponse: string): unknown {
  return JSON.parse(rawResponse.slice(rawResponse.indexOf('\r\n\r\n') + 4));
}

describe('errors are JSON with a code', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('404 for an unknown path, whatever the method', async () => {
    started = await startServer();
    for (const method of ['GET', 'POST', 'PATCH']) {
      const { status, body } = await call(`${started.url}/api/nothing-here`, { method });
      expect(status, method).toBe(404);
      expect(body).toEqual({ error: { code: 'OUTRIDER_HTTP_NOT_FOUND', message: 'no route for /api/nothing-here' } });
    }
  });

  it('405 with an Allow header for a known path and the wrong method', async () => {
    started = await startServer({ adminToken: TOKEN });
    const wrong = await call(`${started.url}/api/reload`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.error.code).toBe('OUTRIDER_HTTP_METHOD_NOT_ALLOWED');
    const odd = await call(`${started.url}/metrics`, { method: 'PATCH' });
    expect(odd.status).toBe(405);
    expect(odd.headers.get('allow')).toContain('GET');
  });

  it('400 for malformed JSON', async () => {
    started = await startServer({ adminToken: TOKEN });
    const { status, body } = await call(`${started.url}/api/log-level`, {
      method: 'PUT',
      headers: admin,
      body: '{"level": "debug"',
    });
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 'OUTRIDER_HTTP_BAD_REQUEST', message: 'request body is not valid JSON' });
  });

  it('413 for a body over the limit, by Content-Length and when chunked', async () => {
    started = await startServer({ adminToken: TOKEN, bodyLimitBytes: 1000 });
    const big = JSON.stringify({ level: 'x'.repeat(2000) });
    const declared = await call(`${started.url}/api/log-level`, { method: 'PUT', headers: admin, body: big });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('OUTRIDER_HTTP_BODY_TOO_LARGE');

    const { hostname, port } = new URL(started.url);
    const chunked = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = request({ hostname, port, method: 'PUT', path: '/api/log-level', headers: admin }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      req.write(big.slice(0, 900));
      req.end(big.slice(900));
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('OUTRIDER_HTTP_BODY_TOO_LARGE');
    expect((await call(`${started.url}/healthz`)).status).toBe(200);
  });

  it('415 for a non-JSON body on a JSON route', async () => {
    started = await startServer({ adminToken: TOKEN });
    const { status, body } = await call(`${started.url}/api/log-level`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'text/plain' },
      body: 'level=debug',
    });
    expect(status).toBe(415);
    expect(body.error.code).toBe('OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE');
  });

  it('408 when the client does not send the whole body in time, and the connection is closed', async () => {
    started = await startServer({ adminToken: TOKEN, requestTimeoutMs: 200 });
    const response = await rawExchange(
      started.url,
      `PUT /api/log-level HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"level":',
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(response.toLowerCase()).toContain('connection: close');
    expect(bodyOf(response)).toMatchObject({ error: { code: 'OUTRIDER_HTTP_REQUEST_TIMEOUT' } });
  });

  it('503 OUTRIDER_TIMEOUT when a handler does not answer in time', async () => {
    started = await startServer({ requestTimeoutMs: 150 });
    let timer: NodeJS.Timeout | undefined;
    started.routes.mount('slow', 'GET', '/plugins/slow/wait', async () => {
      await new Promise((resolve) => {
        timer = setTimeout(resolve, 2000);
      });
      return { body: 'late' };
    });
    const { status, body } = await call(`${started.url}/plugins/slow/wait`);
    clearTimeout(timer);
    expect(status).toBe(503);
    expect(body.error.code).toBe('OUTRIDER_TIMEOUT');
  });

  it('500 without the error text or stack when the agent throws; the error is logged', async () => {
    class BrokenAgent extends TinyAgent {
      override effectiveConfig(): unknown {
        throw new Error('cannot read password=hunter2');
      }
    }
    started = await startServer({}, new BrokenAgent());
    const { status, body } = await call(`${started.url}/api/config`);
    expect(status).toBe(500);
    expect(body.error.code).toBe('OUTRIDER_HTTP_INTERNAL');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('at ');
    const logged = started.logger.lines.find((line) => line.level === 'error');
    expect((logged?.bindings as { err?: Error } | undefined)?.err?.message).toContain('hunter2');
    expect((await call(`${started.url}/healthz`)).status).toBe(200);
  });

  it('400 JSON for a request Node cannot parse', async () => {
    started = await startServer();
    const response = await rawExchange(started.url, 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(response)).toEqual({
      error: { code: 'OUTRIDER_HTTP_BAD_REQUEST', message: 'malformed HTTP request' },
    });
  });
});
