import { ManualClock } from '@outrider/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricValue, startProcessPlugin } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a child crashing in a loop', () => {
  it('is restarted with growing delays up to maxDelay', async () => {
    const clock = new ManualClock(0);
    const { ctx, module, stop } = await startProcessPlugin(
      {
        command: process.execPath,
        args: ['-e', 'console.error("boom"); process.exit(3)'],
        backoff: { minDelay: '1s', maxDelay: '5s', factor: 2, jitter: false },
      },
      { clock },
    );
    cleanups.push(stop);

    const delays: number[] = [];
    for (let crash = 1; crash <= 5; crash++) {
      await vi.waitFor(() => expect(module.snapshot().exits['3']).toBe(crash), { timeout: 5_000 });
      const { nextRestartAt, lastExit } = module.snapshot();
      delays.push((nextRestartAt as number) - (lastExit?.at as number));
      await clock.advance(delays.at(-1) as number);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    await vi.waitFor(() => expect(module.snapshot().exits['3']).toBe(6), { timeout: 5_000 });
    expect(await metricValue(ctx.registry, 'outrider_process_restarts_total', { plugin: 'app' })).toBe(5);
    expect(await metricValue(ctx.registry, 'outrider_process_exits_total', { plugin: 'app', code: '3' })).toBe(6);
    expect(await metricValue(ctx.registry, 'outrider_process_up', { plugin: 'app' })).toBe(0);
    // Output can arrive just after the exit event.
    await vi.waitFor(async () => {
      const logs = await ctx.request('GET', '/plugins/app/logs', { query: new URLSearchParams('stream=stderr') });
      expect((logs.body as { lines: { line: string }[] }).lines.map((l) => l.line)).toEqual(Array(6).fill('boom'));
    });
  });

  it('starts the backoff over after a run longer than resetAfter', async () => {
    const clock = new ManualClock(0);
    const { module, stop } = await startProcessPlugin(
      {
        command: process.execPath,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        backoff: { minDelay: '1s', factor: 2, jitter: false, resetAfter: '1m' },
      },
      { clock },
    );
    cleanups.push(stop);
    const crash = async (count: number) => {
      process.kill(module.snapshot().pid as number, 'SIGTERM');
      await vi.waitFor(() => expect(module.snapshot().exits.SIGTERM).toBe(count), { timeout: 5_000 });
      const { nextRestartAt, lastExit } = module.snapshot();
      return (nextRestartAt as number) - (lastExit?.at as number);
    };
    expect(await crash(1)).toBe(1000);
    await clock.advance(1000);
    expect(await crash(2)).toBe(2000);
    await clock.advance(2000);
    await clock.advance(60_000); // a healthy minute
    expect(await crash(3)).toBe(1000);
  });
});
