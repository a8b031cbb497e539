import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer, TinyAgent, TrivialModule } from './http-fixture.js';

const TOKEN = 's3cret-token';
const json = { 'content-type': 'application/json' };

describe('admin routes', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('are disabled without a token: 403 OUTRIDER_ADMIN_DISABLED, even with an Authorization header', async () => {
    started = await startServer();
    for (const [method, path] of [
      ['POST', '/api/reload'],
      ['POST', '/api/plugins/alpha/restart'],
      ['PUT', '/api/log-level'],
    ] as const) {
      const { status, body } = await call(`${started.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(status, `${method} ${path}`).toBe(403);
      expect(body.error.code).toBe('OUTRIDER_ADMIN_DISABLED');
    }
    expect(started.agent.reloads).toBe(0);
  });

  it('answer 401 without or with a malformed Authorization header, 403 with a wrong token', async () => {
    started = await startServer({ adminToken: TOKEN });
    const missing = await call(`${started.url}/api/reload`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('OUTRIDER_ADMIN_UNAUTHORIZED');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="outrider"');
    for (const authorization of [TOKEN, `Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN} extra`]) {
      const malformed = await call(`${started.url}/api/reload`, { method: 'POST', headers: { authorization } });
      expect(malformed.status, authorization).toBe(401);
    }
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), 'S3CRET-TOKEN']) {
      const forbidden = await call(`${started.url}/api/reload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${wrong}` },
      });
      expect(forbidden.status, wrong).toBe(403);
      expect(forbidden.body.error.code).toBe('OUTRIDER_ADMIN_FORBIDDEN');
    }
    expect(started.agent.reloads).toBe(0);
  });

  it('POST /api/reload with the token applies and returns the reload result; a rejected reload is 422', async () => {
    started = await startServer({ adminToken: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const applied = await call(`${started.url}/api/reload`, { method: 'POST', headers: auth });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual(started.agent.nextReload);
    started.agent.nextReload = {
      result: 'rejected',
      added: [],
      removed: [],
      reconfigured: [],
      restarted: [],
      pendingRestart: [],
      error: { code: 'OUTRIDER_CONFIG_INVALID', message: 'plugins.app.command: Required' },
    };
    const rejected = await call(`${started.url}/api/reload`, { method: 'POST', headers: auth });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error).toEqual({ code: 'OUTRIDER_CONFIG_INVALID', message: 'plugins.app.command: Required' });
    expect(started.agent.reloads).toBe(2);
  });

  it('POST /api/plugins/:name/restart restarts that module; an unknown name is 404', async () => {
    const alpha = new TrivialModule('alpha');
    started = await startServer({ adminToken: TOKEN }, new TinyAgent([{ module: alpha }]));
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(alpha.starts).toBe(1);
    const restarted = await call(`${started.url}/api/plugins/alpha/restart`, { method: 'POST', headers: auth });
    expect(restarted.status).toBe(200);
    expect(restarted.body).toEqual({ restarted: 'alpha' });
    expect(alpha.starts).toBe(2);
    const unknown = await call(`${started.url}/api/plugins/nope/restart`, { method: 'POST', headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('OUTRIDER_MODULE_UNKNOWN');
  });

  it('PUT /api/log-level sets a level, per module or for all; a bad level or body is 400', async () => {
    started = await startServer({ adminToken: TOKEN });
    const headers = { authorization: `Bearer ${TOKEN}`, ...json };
    const url = `${started.url}/api/log-level`;
    const all = await call(url, { method: 'PUT', headers, body: JSON.stringify({ level: 'debug' }) });
    expect(all).toMatchObject({ status: 200, body: { level: 'debug' } });
    const one = await call(url, { method: 'PUT', headers, body: JSON.stringify({ level: 'warn', module: 'otlp' }) });
    expect(one).toMatchObject({ status: 200, body: { level: 'warn', module: 'otlp' } });
    expect(Object.fromEntries(started.agent.levels)).toEqual({ '*': 'debug', otlp: 'warn' });
    const bad = await call(url, { method: 'PUT', headers, body: JSON.stringify({ level: 'loud' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'OUTRIDER_INVALID_ARGUMENT', message: 'unknown log level "loud"' });
    const shapeless = await call(url, { method: 'PUT', headers, body: JSON.stringify({ lvl: 'info' }) });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.error.code).toBe('OUTRIDER_HTTP_BAD_REQUEST');
    expect(shapeless.body.error.message).toContain('level');
    const empty = await call(url, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(empty.status).toBe(400);
  });

  it('follow setAdminToken at run time: on, rotated, off', async () => {
    started = await startServer();
    const reload = (token: string) =>
      call(`${started?.url}/api/reload`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await reload('first')).status).toBe(403);
    started.server.setAdminToken('first');
    expect((await reload('first')).status).toBe(200);
    started.server.reconfigure({ adminToken: 'second' });
    expect((await reload('first')).status).toBe(403);
    expect((await reload('second')).status).toBe(200);
    started.server.setAdminToken(undefined);
    expect((await reload('second')).body.error.code).toBe('OUTRIDER_ADMIN_DISABLED');
  });

  it('check the token before reading the body', async () => {
    started = await startServer({ adminToken: TOKEN });
    const { status } = await call(`${started.url}/api/log-level`, {
      method: 'PUT',
      headers: json,
      body: '{not json',
    });
    expect(status).toBe(401);
  });
});
