import { isOutriderError, silentLogger } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/server.js';
import { call, recordingLogger, startServer, TinyAgent } from './http-fixture.js';

const context = { name: 'http', config: {}, logger: silentLogger } as never;

describe('the HTTP server module', () => {
  it('listens on a free port with port 0, reports the bound url, and stops idempotently', async () => {
    const server = createHttpServer({ port: 0, api: new TinyAgent() });
    expect(server.address()).toBeUndefined();
    expect(server.url).toBe('http://127.0.0.1:0');
    await server.stop(AbortSignal.timeout(1000)); // before start: a no-op
    server.initialize(context);
    await server.start();
    await server.start(); // idempotent
    const port = server.address()?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(server.status).toBe('running');
    expect(server.health()).toEqual({ status: 'healthy' });
    expect((await call(`${server.url}/healthz`)).status).toBe(200); // leaves a keep-alive connection open
    await server.stop(AbortSignal.timeout(1000));
    await server.stop(AbortSignal.timeout(1000));
    expect(server.status).toBe('stopped');
    expect(server.address()).toBeUndefined();
    expect(server.health().status).toBe('unhealthy');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('fails to start with OUTRIDER_HTTP_LISTEN_FAILED when the port is taken', async () => {
    const first = await startServer();
    const port = first.server.address()?.port as number;
    const second = createHttpServer({ port, api: new TinyAgent(), registry: new Registry() });
    second.initialize(context);
    const error = await second.start().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isOutriderError(error, 'OUTRIDER_HTTP_LISTEN_FAILED')).toBe(true);
    expect((error as Error).message).toContain(String(port));
    await second.stop();
    await first.close();
  });

  it('restarts under the ModuleManager and serves again', async () => {
    const started = await startServer();
    await started.agent.manager.restart('http');
    expect(started.server.status).toBe('running');
    expect((await call(`${started.server.url}/healthz`)).status).toBe(200);
    await started.close();
    expect(started.server.status).toBe('stopped');
  });

  it('warns when listening beyond loopback without an admin token, and not otherwise', async () => {
    const exposed = recordingLogger();
    const server = createHttpServer({ host: '0.0.0.0', port: 0, api: new TinyAgent(), logger: exposed });
    server.initialize(context);
    await server.start();
    expect(exposed.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(exposed.lines.find((line) => line.level === 'warn')?.bindings).toEqual({ host: '0.0.0.0' });
    server.setAdminToken('now-set');
    server.setAdminToken(undefined);
    expect(exposed.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
    await server.stop();

    const guarded = recordingLogger();
    const withToken = createHttpServer({
      host: '0.0.0.0',
      port: 0,
      adminToken: 't',
      api: new TinyAgent(),
      logger: guarded,
    });
    const loopback = createHttpServer({ port: 0, api: new TinyAgent(), logger: guarded });
    for (const quiet of [withToken, loopback]) {
      quiet.initialize(context);
      await quiet.start();
      await quiet.stop();
    }
    expect(guarded.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('reconfigure refuses a new host or port (restart needed) and takes limits and token', async () => {
    const started = await startServer({ adminToken: 'a' });
    const port = started.server.address()?.port as number;
    expect(() => started.server.reconfigure({ port: port + 1 })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_CONFIG_RESTART_REQUIRED' }),
    );
    started.server.reconfigure({ adminToken: 'a', bodyLimitBytes: 10 });
    const tooBig = await call(`${started.url}/api/log-level`, {
      method: 'PUT',
      headers: { authorization: 'Bearer a', 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'debug' }),
    });
    expect(tooBig.status).toBe(413);
    await started.close();
  });

  it('rejects bad options with OUTRIDER_INVALID_ARGUMENT', () => {
    const api = new TinyAgent();
    for (const options of [{ port: -1 }, { port: 70_000 }, { bodyLimitBytes: 0 }, { requestTimeoutMs: 1.5 }]) {
      expect(() => createHttpServer({ ...options, api }), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
      );
    }
    expect(() => createHttpServer({} as never)).toThrow(expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }));
  });
});
