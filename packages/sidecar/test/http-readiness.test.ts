import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer, TinyAgent, TrivialModule } from './http-fixture.js';

describe('GET /readyz', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('answers 503 naming the required module that failed, while /healthz stays 200', async () => {
    const agent = new TinyAgent([
      { module: new TrivialModule('alpha') },
      { module: new TrivialModule('app', true), required: true },
    ]);
    started = await startServer({}, agent);
    const ready = await call(`${started.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.ready).toBe(false);
    expect(ready.body.notReady).toEqual([
      { name: 'app', state: 'failed', lastError: expect.stringContaining('app cannot start') },
    ]);
    expect((await call(`${started.url}/healthz`)).status).toBe(200);
  });

  it('stays 200 when only an optional module failed, reporting it as degraded', async () => {
    const agent = new TinyAgent([{ module: new TrivialModule('probes', true), required: false }]);
    started = await startServer({}, agent);
    const ready = await call(`${started.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, notReady: [], degraded: [{ name: 'probes', state: 'failed' }] });
  });
});
