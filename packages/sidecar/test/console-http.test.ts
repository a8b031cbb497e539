import { request } from 'node:http';
import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleModule } from '../src/console/console-module.js';
import { call, type Started, startServer, TinyAgent } from './http-fixture.js';

/** The fixture's server and agent with the console mounted on its route table, sampling on the agent's ManualClock. */
async function startConsole(): Promise<Started & { console: ConsoleModule }> {
  const agent = new TinyAgent();
  const started = await startServer({}, agent);
  const module = new ConsoleModule({
    routes: started.routes,
    registry: started.registry,
    clock: agent.clock,
    logger: started.logger,
    version: '9.9.9',
    source: {
      status: () => agent.status(),
      readiness: async () => agent.readiness(),
      moduleHealth: async () => (await agent.manager.health()).modules,
      adminEnabled: () => started.server.adminEnabled,
    },
  });
  agent.manager.register(module);
  await agent.manager.start(['console']);
  return { ...started, console: module };
}

/** Reads an event stream until `until` holds for what arrived; resolves with the text and a way to see the end. */
function readStream(url: string): { text: () => string; ended: Promise<void>; close(): void } {
  let text = '';
  let close = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    const req = request(url, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve());
      response.on('error', () => resolve());
    });
    req.on('error', reject);
    close = () => req.destroy();
    req.end();
  });
  return { text: () => text, ended, close };
}

describe('the web console routes', () => {
  let started: (Started & { console: ConsoleModule }) | undefined;
  afterEach(() => started?.close());

  it('serve /ui compressed as asked, with a strict Content-Security-Policy and an ETag', async () => {
    started = await startConsole();
    const brotli = await fetch(`${started.url}/ui`, { headers: { 'accept-encoding': 'br' } });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    expect(brotli.headers.get('x-frame-options')).toBe('DENY');
    // fetch decodes what it asked for: the text is the page.
    const html = await brotli.text();
    expect(html).toContain('<script type="module" src="/ui/assets/app.js"></script>');
    expect(html).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);

    const gzip = await fetch(`${started.url}/ui/assets/app.js`, { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await gzip.text()).length).toBeGreaterThan(10_000);

    const identity = await fetch(`${started.url}/ui/assets/app.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(await identity.text()).toContain('.u-legend');

    const etag = brotli.headers.get('etag') as string;
    const again = await fetch(`${started.url}/ui`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const missing = await call(`${started.url}/ui/assets/evil.js`);
    expect(missing.status).toBe(404);
  });

  it('/ui/api/overview and /ui/api/series render the agent and the sampled history', async () => {
    started = await startConsole();
    const overview = await call(`${started.url}/ui/api/overview`);
    expect(overview.body).toMatchObject({ version: '9.9.9', admin: false, readiness: { ready: true } });
    expect(overview.body.modules.map((m: { name: string }) => m.name)).toEqual(['scheduler', 'http', 'console']);
    expect(overview.body.modules[1].health.status).toBe('healthy');

    await fetch(`${started.url}/healthz`);
    await started.agent.clock.advance(5000);
    await fetch(`${started.url}/healthz`);
    await started.agent.clock.advance(5000);
    const series = await call(`${started.url}/ui/api/series`);
    expect(series.body).toMatchObject({ intervalMs: 5000, capacity: 180 });
    expect(series.body.times).toHaveLength(2);
    const http = series.body.series.find((line: { chart: string }) => line.chart === 'http-rate');
    expect(http.values[1]).toBeGreaterThan(0);
  });

  it('/ui/api/live streams each sample as a server-sent event and ends when the console stops', async () => {
    started = await startConsole();
    const live = readStream(`${started.url}/ui/api/live`);
    await waitFor(() => live.text().includes('event: hello'), { what: 'the hello event' });
    expect(live.text()).toContain('data: {"intervalMs":5000}');
    await started.console.sampleNow();
    await waitFor(() => live.text().includes('event: sample'), { what: 'a sample event' });
    const sample = JSON.parse(/event: sample\ndata: (.*)\n/.exec(live.text())?.[1] as string);
    expect(sample.time).toBe(started.agent.clock.now());
    expect(Array.isArray(sample.points)).toBe(true);
    started.console.stop();
    await live.ended;
  });

  it('/ui/api/live refuses the 33rd console with 503 OUTRIDER_UI_BUSY', async () => {
    started = await startConsole();
    const streams = Array.from({ length: 32 }, () => readStream(`${started?.url}/ui/api/live`));
    try {
      await waitFor(() => streams.every((stream) => stream.text().includes('event: hello')), {
        what: '32 open streams',
      });
      const refused = await call(`${started.url}/ui/api/live`);
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('OUTRIDER_UI_BUSY');
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});

describe('admin and config routes the console uses', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());
  const TOKEN = 'console-token';

  it('POST /api/scheduler/jobs/:id/run runs a job with the token, 401 without it, 404 for an unknown job', async () => {
    started = await startServer({ adminToken: TOKEN });
    const url = `${started.url}/api/scheduler/jobs/cleanup/run`;
    expect((await call(url, { method: 'POST' })).status).toBe(401);
    const ran = await call(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ran.status).toBe(200);
    expect(ran.body).toMatchObject({ jobId: 'cleanup', outcome: 'success' });
    expect(started.agent.scheduler.get('cleanup').runs).toBe(1);
    const unknown = await call(`${started.url}/api/scheduler/jobs/nope/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('OUTRIDER_JOB_UNKNOWN');
  });

  it('GET /api/config?sources=true adds where each value came from', async () => {
    started = await startServer();
    const { body } = await call(`${started.url}/api/config?sources=true`);
    expect(body.sources).toEqual(started.agent.configSources());
    expect((await call(`${started.url}/api/config`)).body.sources).toBeUndefined();
  });
});
