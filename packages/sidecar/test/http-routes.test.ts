import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer, TinyAgent, TrivialModule } from './http-fixture.js';

describe('read-only routes render what the agent says', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('GET /healthz answers 200 {status:"ok"}', async () => {
    started = await startServer();
    const { status, body, headers } = await call(`${started.url}/healthz`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with the readiness detail when every required module runs', async () => {
    started = await startServer({}, new TinyAgent([{ module: new TrivialModule('alpha') }]));
    const { status, body } = await call(`${started.url}/readyz`);
    expect(status).toBe(200);
    expect(body).toEqual({ ready: true, notReady: [], degraded: [] });
  });

  it('GET /api/status lists every module with state, since, restarts', async () => {
    started = await startServer({}, new TinyAgent([{ module: new TrivialModule('alpha') }]));
    const { status, body } = await call(`${started.url}/api/status`);
    expect(status).toBe(200);
    const names = body.modules.map((module: { name: string }) => module.name).sort();
    expect(names).toEqual(['alpha', 'http', 'scheduler']);
    const alpha = body.modules.find((module: { name: string }) => module.name === 'alpha');
    expect(alpha).toMatchObject({ state: 'running', restarts: 0, required: true, kind: 'built-in' });
    expect(alpha.since).toBe(new Date(started.agent.clock.now()).toISOString());
  });

  it('GET /api/config returns the effective config', async () => {
    started = await startServer();
    const { status, body } = await call(`${started.url}/api/config`);
    expect(status).toBe(200);
    expect(body).toEqual({ view: 'public', config: started.agent.effectiveConfig('public') });
  });

  it('GET /api/plugins lists the plugins', async () => {
    started = await startServer({}, new TinyAgent([{ module: new TrivialModule('alpha'), required: false }]));
    const { status, body } = await call(`${started.url}/api/plugins`);
    expect(status).toBe(200);
    expect(body.plugins).toContainEqual({
      name: 'alpha',
      use: 'alpha',
      version: '1.0.0',
      stability: 'beta',
      required: false,
      state: 'running',
    });
  });

  it('GET /api/scheduler/jobs lists the scheduler jobs', async () => {
    started = await startServer();
    const { status, body } = await call(`${started.url}/api/scheduler/jobs`);
    expect(status).toBe(200);
    expect(body.jobs.map((job: { id: string }) => job.id)).toEqual(['cleanup']);
    expect(body.jobs[0].nextRunAt ?? body.jobs[0].nextRun).toBeDefined();
  });

  it('GET /api/cache/stats lists cache stats', async () => {
    started = await startServer();
    const { status, body } = await call(`${started.url}/api/cache/stats`);
    expect(status).toBe(200);
    expect(body.caches).toHaveLength(1);
    expect(body.caches[0]).toMatchObject({
      name: started.agent.cache.name,
      plugin: 'fixture',
      hits: 1,
      misses: 1,
      size: 1,
    });
  });

  it('GET /api/tasks/queue/stats lists queue stats', async () => {
    started = await startServer();
    const { status, body } = await call(`${started.url}/api/tasks/queue/stats`);
    expect(status).toBe(200);
    expect(body.queues).toEqual([JSON.parse(JSON.stringify(started.agent.queue.stats()))]);
    expect(body.queues[0]).toMatchObject({ name: 'exports', pending: 0 });
  });

  it('HEAD on a GET route answers its headers without a body', async () => {
    started = await startServer();
    const response = await fetch(`${started.url}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
