import { ManualClock } from '@outrider/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plugin } from '../src/index.js';
import { startJobs, startServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('jobs on the host scheduler', () => {
  it('lists each job as <instance>.<name> with its trigger, here and at /plugins/<instance>/jobs', async () => {
    const { ctx, stop } = await startJobs({
      jobs: {
        ping: { kind: 'http', url: 'http://127.0.0.1:9/health', every: '31s' },
        backup: { kind: 'command', command: 'node', args: ['backup.js'], cron: '7 3 * * *', timezone: 'Asia/Seoul' },
      },
    });
    cleanups.push(stop);
    expect(ctx.scheduler.list().map(({ id, trigger }) => ({ id, trigger }))).toEqual([
      { id: 'nightly.ping', trigger: 'every 31s' },
      { id: 'nightly.backup', trigger: 'cron 7 3 * * * (Asia/Seoul)' },
    ]);
    const listed = (await ctx.request('GET', '/plugins/nightly/jobs')).body as Record<string, unknown>[];
    expect(listed).toEqual([
      expect.objectContaining({ id: 'nightly.ping', kind: 'http', target: 'GET http://127.0.0.1:9/health' }),
      expect.objectContaining({ id: 'nightly.backup', kind: 'command', target: 'node backup.js', runs: 0 }),
    ]);
    // 03:07 in Seoul is 18:07 UTC the day before.
    expect(listed[1]?.nextRun).toMatch(/T18:07:00\.000Z$/);
  });

  it('fires interval jobs on the clock and removes them when the plugin stops', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const target = await startServer((_req, res) => res.writeHead(200).end());
    cleanups.push(target.close);
    const { ctx, module, stop } = await startJobs(
      { jobs: { ping: { kind: 'http', url: target.url, every: '10s' } } },
      { clock },
    );
    cleanups.push(stop);
    await clock.advance(9_999);
    expect(target.requests).toHaveLength(0);
    await clock.advance(1);
    await vi.waitFor(() => expect(ctx.scheduler.get('nightly.ping').runs).toBe(1));
    // One period at a time: the HTTP call takes real time while the manual clock jumps.
    await clock.advance(10_000);
    await vi.waitFor(() => expect(ctx.scheduler.get('nightly.ping').runs).toBe(2));
    await clock.advance(10_000);
    await vi.waitFor(() => expect(ctx.scheduler.get('nightly.ping').runs).toBe(3));

    await module.stop(AbortSignal.timeout(1_000));
    expect(ctx.scheduler.list()).toEqual([]);
    await clock.advance(60_000);
    expect(target.requests).toHaveLength(3);
  });

  it('replaces its jobs on reconfigure', async () => {
    const { ctx, module, stop } = await startJobs({
      jobs: { a: { kind: 'http', url: 'http://127.0.0.1:9/', every: '1m' } },
    });
    cleanups.push(stop);
    await module.reconfigure(
      plugin.parseConfig({ jobs: { b: { kind: 'command', command: 'node', every: '2m', paused: true } } }),
    );
    expect(ctx.scheduler.list().map(({ id, trigger, paused }) => ({ id, trigger, paused }))).toEqual([
      { id: 'nightly.b', trigger: 'every 2m', paused: true },
    ]);
  });
});
