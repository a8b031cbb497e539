import { isOutriderError } from '@outrider/core';
import type { RouteRequest } from '@outrider/plugin-api';
import { afterEach, describe, expect, it } from 'vitest';
import { RouteTable } from '../src/http/route-table.js';
import { call, type Started, startServer } from './http-fixture.js';

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('RouteTable', () => {
  it('refuses a second mount of the same method and pattern, naming the owner', () => {
    const table = new RouteTable();
    table.mount('logs', 'GET', '/plugins/logs/entries/:id', () => ({}));
    const error = thrown(() => table.mount('other', 'GET', '/plugins/logs/entries/:key', () => ({})));
    expect(isOutriderError(error, 'OUTRIDER_ROUTE_CONFLICT')).toBe(true);
    expect((error as Error).message).toContain('"logs"');
    // Another method on the same path is no conflict.
    table.mount('logs', 'DELETE', '/plugins/logs/entries/:id', () => ({}));
    expect(table.list().map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /plugins/logs/entries/:id',
      'DELETE /plugins/logs/entries/:id',
    ]);
  });

  it('lets an owner mount its own route again (a restarted plugin), the new handler winning', async () => {
    const table = new RouteTable();
    table.mount('probe', 'GET', '/plugins/probe/targets', () => ({ body: 'first run' }));
    table.mount('probe', 'GET', '/plugins/probe/targets', () => ({ body: 'second run' }));
    const routes = table.list();
    expect(routes).toHaveLength(1);
    expect(await routes[0]?.handler({} as never)).toEqual({ body: 'second run' });
  });

  it("refuses the server's own paths, bad methods and bad patterns", () => {
    const table = new RouteTable();
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'POST', '/api/status', () => ({}))),
        'OUTRIDER_ROUTE_CONFLICT',
      ),
    ).toBe(true);
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'GET', '/metrics', () => ({}))),
        'OUTRIDER_ROUTE_CONFLICT',
      ),
    ).toBe(true);
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'GET', '/api/plugins/:x/restart', () => ({}))),
        'OUTRIDER_ROUTE_CONFLICT',
      ),
    ).toBe(true);
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'PATCH' as 'GET', '/plugins/p/x', () => ({}))),
        'OUTRIDER_INVALID_ARGUMENT',
      ),
    ).toBe(true);
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'GET', 'plugins/p/x', () => ({}))),
        'OUTRIDER_INVALID_ARGUMENT',
      ),
    ).toBe(true);
    expect(
      isOutriderError(
        thrown(() => table.mount('p', 'GET', '/plugins/p/{x', () => ({}))),
        'OUTRIDER_INVALID_ARGUMENT',
      ),
    ).toBe(true);
    expect(table.list()).toEqual([]);
  });

  it('unmountAll removes only that owner, and frees the paths', () => {
    const table = new RouteTable();
    table.mount('a', 'GET', '/plugins/a/x', () => ({}));
    table.mount('a', 'GET', '/api/traces/recent', () => ({}));
    table.mount('b', 'GET', '/plugins/b/x', () => ({}));
    const before = table.version;
    expect(table.unmountAll('a')).toBe(2);
    expect(table.version).not.toBe(before);
    expect(table.list().map((route) => route.owner)).toEqual(['b']);
    table.mount('c', 'GET', '/api/traces/recent', () => ({}));
    expect(table.unmountAll('nobody')).toBe(0);
  });
});

describe('the server dispatches to mounted routes', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('hands the handler method, path after the mount point, params, query, headers and JSON body', async () => {
    started = await startServer();
    const seen: RouteRequest[] = [];
    started.routes.mount('app', 'POST', '/plugins/app/logs/:id', (request) => {
      seen.push(request);
      return { status: 201, headers: { 'x-plugin': 'app' }, body: { ok: true } };
    });
    const { status, headers, body } = await call(`${started.url}/plugins/app/logs/42?tail=10&tail=20`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: JSON.stringify({ lines: [1, 2] }),
    });
    expect(status).toBe(201);
    expect(headers.get('x-plugin')).toBe('app');
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toEqual({ ok: true });
    const request = seen[0] as RouteRequest;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/logs/42');
    expect(request.params).toEqual({ id: '42' });
    expect(request.query.getAll('tail')).toEqual(['10', '20']);
    expect(request.headers['x-trace']).toBe('abc');
    expect(request.body).toEqual({ lines: [1, 2] });
  });

  it('mounts under /api too, with the path after /api; sends strings and Buffers as they are', async () => {
    started = await startServer();
    const paths: string[] = [];
    started.routes.mount('otlp', 'GET', '/api/traces/recent', (request) => {
      paths.push(request.path);
      return { body: 'plain text' };
    });
    started.routes.mount('otlp', 'GET', '/plugins/otlp/raw', () => ({
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([1, 2, 3]),
    }));
    const text = await fetch(`${started.url}/api/traces/recent`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('plain text');
    expect(paths).toEqual(['/traces/recent']);
    const raw = await fetch(`${started.url}/plugins/otlp/raw`);
    expect([...new Uint8Array(await raw.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('a non-JSON body reaches a plugin handler as undefined; malformed JSON is 400 before it', async () => {
    started = await startServer();
    const bodies: unknown[] = [];
    started.routes.mount('p', 'PUT', '/plugins/p/data', (request) => {
      bodies.push(request.body);
      return { status: 204 };
    });
    const text = await call(`${started.url}/plugins/p/data`, { method: 'PUT', body: 'hello' });
    expect(text.status).toBe(204);
    const bad = await call(`${started.url}/plugins/p/data`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '[1,',
    });
    expect(bad.status).toBe(400);
    expect(bodies).toEqual([undefined]);
  });

  it('stops routing to a route once its owner is unmounted, and routes to a new mount at once', async () => {
    started = await startServer();
    started.routes.mount('v1', 'GET', '/plugins/app/version', () => ({ body: { version: 1 } }));
    expect((await call(`${started.url}/plugins/app/version`)).body).toEqual({ version: 1 });
    started.routes.unmountAll('v1');
    expect((await call(`${started.url}/plugins/app/version`)).status).toBe(404);
    started.routes.mount('v2', 'GET', '/plugins/app/version', () => ({ body: { version: 2 } }));
    expect((await call(`${started.url}/plugins/app/version`)).body).toEqual({ version: 2 });
  });

  it('a throwing handler answers 500 JSON naming the route, is logged, and the server goes on', async () => {
    started = await startServer();
    started.routes.mount('flaky', 'GET', '/plugins/flaky/boom', () => {
      throw new Error('internal detail 0xdeadbeef');
    });
    started.routes.mount('flaky', 'GET', '/plugins/flaky/reject', async () => {
      throw new TypeError('async failure');
    });
    for (const path of ['/plugins/flaky/boom', '/plugins/flaky/reject']) {
      const { status, body } = await call(`${started.url}${path}`);
      expect(status, path).toBe(500);
      expect(body.error.code).toBe('OUTRIDER_HTTP_INTERNAL');
      expect(body.error.message).toContain(path);
      expect(JSON.stringify(body)).not.toContain('0xdeadbeef');
    }
    const errors = started.logger.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(2);
    const logged = errors[0]?.bindings as { err: Error };
    expect((logged.err.cause as Error).message).toBe('internal detail 0xdeadbeef');
    expect((await call(`${started.url}/healthz`)).status).toBe(200);
    expect((await call(`${started.url}/readyz`)).status).toBe(200);
  });
});
