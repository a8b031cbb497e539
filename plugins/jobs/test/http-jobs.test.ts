import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricValue, startJobs, startServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(handle: Parameters<typeof startServer>[0]) {
  const started = await startServer(handle);
  cleanups.push(started.close);
  return started;
}

async function jobs(config: unknown) {
  const started = await startJobs(config);
  cleanups.push(started.stop);
  return started;
}

const labels = (name: string) => ({ plugin: 'nightly', name });

describe('http jobs', () => {
  it('sends the method, headers and JSON body, and records a success', async () => {
    const target = await server((_req, res) => res.writeHead(204).end());
    const { ctx } = await jobs({
      jobs: {
        hook: {
          kind: 'http',
          every: '1h',
          url: `${target.url}/hooks/nightly`,
          method: 'POST',
          headers: { authorization: 'Bearer t0ken' },
          body: { run: 'nightly' },
        },
      },
    });
    const before = Date.now() / 1000;
    expect(await ctx.scheduler.runNow('nightly.hook')).toMatchObject({ outcome: 'success' });
    expect(target.requests).toEqual([
      expect.objectContaining({ method: 'POST', url: '/hooks/nightly', body: '{"run":"nightly"}' }),
    ]);
    expect(target.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer t0ken',
      'content-type': 'application/json',
    });
    expect(await metricValue(ctx.registry, 'outrider_job_last_http_status', labels('hook'))).toBe(204);
    expect(await metricValue(ctx.registry, 'outrider_job_last_run_success', labels('hook'))).toBe(1);
    expect(
      await metricValue(ctx.registry, 'outrider_job_last_success_timestamp_seconds', labels('hook')),
    ).toBeGreaterThanOrEqual(Math.floor(before));
    expect(
      await metricValue(ctx.registry, 'outrider_scheduler_runs_total', { job_id: 'nightly.hook', outcome: 'success' }),
    ).toBe(1);
  });

  it('fails on a 500 with the status in the error and the metric', async () => {
    const target = await server((_req, res) => res.writeHead(500).end('oops'));
    const { ctx, module } = await jobs({ jobs: { ping: { kind: 'http', every: '1h', url: target.url } } });
    const report = await ctx.scheduler.runNow('nightly.ping');
    expect(report).toMatchObject({
      outcome: 'failure',
      error: `job "nightly.ping": GET ${target.url} answered 500, expected 2xx`,
    });
    expect(await metricValue(ctx.registry, 'outrider_job_last_http_status', labels('ping'))).toBe(500);
    expect(await metricValue(ctx.registry, 'outrider_job_last_run_success', labels('ping'))).toBe(0);
    expect(
      await metricValue(ctx.registry, 'outrider_job_last_success_timestamp_seconds', labels('ping')),
    ).toBeUndefined();
    expect(await module.health()).toEqual({ status: 'degraded', detail: 'failing: nightly.ping' });
  });

  it('accepts only the statuses listed in expectStatus', async () => {
    const target = await server((_req, res) => res.writeHead(202).end());
    const { ctx } = await jobs({
      jobs: {
        strict: { kind: 'http', every: '1h', url: target.url, expectStatus: [200] },
        lenient: { kind: 'http', every: '1h', url: target.url, expectStatus: [200, 202] },
      },
    });
    expect((await ctx.scheduler.runNow('nightly.strict')).outcome).toBe('failure');
    expect((await ctx.scheduler.runNow('nightly.lenient')).outcome).toBe('success');
  });

  it('times out a hung server and aborts the request', async () => {
    const target = await server(() => {}); // never answers
    const { ctx } = await jobs({ jobs: { hang: { kind: 'http', every: '1h', url: target.url, timeout: '200ms' } } });
    const started = performance.now();
    const report = await ctx.scheduler.runNow('nightly.hang');
    expect(report.outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2_000);
    await vi.waitFor(() => expect(target.aborted).toBe(1));
    expect(await metricValue(ctx.registry, 'outrider_job_last_http_status', labels('hang'))).toBe(0);
  });

  it('skips a fire while a slow run is in flight (maxInstances 1)', async () => {
    let release: () => void = () => {};
    const target = await server((_req, res) => {
      release = () => res.writeHead(200).end();
    });
    const { ctx } = await jobs({ jobs: { slow: { kind: 'http', every: '1h', url: target.url } } });
    const first = ctx.scheduler.runNow('nightly.slow');
    await vi.waitFor(() => expect(target.requests).toHaveLength(1));
    expect(await ctx.scheduler.runNow('nightly.slow')).toMatchObject({ outcome: 'skipped', skipReason: 'overlap' });
    release();
    expect((await first).outcome).toBe('success');
    expect(ctx.scheduler.get('nightly.slow')).toMatchObject({ runs: 1, skipped: { overlap: 1 } });
  });

  it('fails with the reason when nothing listens', async () => {
    const gone = await startServer(() => {});
    await gone.close();
    const { ctx } = await jobs({ jobs: { down: { kind: 'http', every: '1h', url: gone.url } } });
    const report = await ctx.scheduler.runNow('nightly.down');
    expect(report.outcome).toBe('failure');
    expect(report.error).toMatch(/fetch failed \(.*ECONNREFUSED/);
  });

  it('fails when the server closes the socket without answering', async () => {
    const target = await server((req) => req.socket.destroy());
    const { ctx } = await jobs({ jobs: { rude: { kind: 'http', every: '1h', url: target.url } } });
    const report = await ctx.scheduler.runNow('nightly.rude');
    expect(report.outcome).toBe('failure');
    expect(await metricValue(ctx.registry, 'outrider_job_last_http_status', labels('rude'))).toBe(0);
  });
});
