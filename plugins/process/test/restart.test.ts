import { ManualClock } from '@outrider/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRunning, metricValue, startProcessPlugin } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const LONG_RUNNING = ['-e', 'setInterval(() => {}, 1000)'];

describe('a supervised child that is killed', () => {
  it('is restarted after the backoff, with the exit counted by signal', async () => {
    const clock = new ManualClock(1_000_000);
    const { ctx, module, stop } = await startProcessPlugin(
      { command: process.execPath, args: LONG_RUNNING, backoff: { minDelay: '2s', jitter: false } },
      { clock },
    );
    cleanups.push(stop);
    const first = module.snapshot().pid as number;
    expect(isRunning(first)).toBe(true);

    process.kill(first, 'SIGKILL');
    await vi.waitFor(() => expect(module.snapshot().lastExit?.signal).toBe('SIGKILL'));
    expect(module.snapshot()).toMatchObject({ up: false, nextRestartAt: 1_002_000, exits: { SIGKILL: 1 } });
    expect(await module.health()).toEqual({ status: 'degraded', detail: 'killed by SIGKILL; restart 1 in 2s' });
    expect(await metricValue(ctx.registry, 'outrider_process_last_exit_code', { plugin: 'app' })).toBe(137);

    await clock.advance(1_999);
    expect(module.snapshot().pid).toBeUndefined();
    await clock.advance(1);
    const second = module.snapshot().pid as number;
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
    await vi.waitFor(() => expect(module.snapshot().up).toBe(true));
    expect(await module.health()).toEqual({ status: 'healthy' });
    expect(await metricValue(ctx.registry, 'outrider_process_restarts_total', { plugin: 'app' })).toBe(1);
    expect(await metricValue(ctx.registry, 'outrider_process_exits_total', { plugin: 'app', code: 'SIGKILL' })).toBe(1);
  });

  it('is not restarted with autoRestart off', async () => {
    const clock = new ManualClock();
    const { module, stop } = await startProcessPlugin(
      { command: process.execPath, args: ['-e', 'process.exit(4)'], autoRestart: false },
      { clock },
    );
    cleanups.push(stop);
    await vi.waitFor(() => expect(module.snapshot().lastExit?.code).toBe(4));
    await clock.advance(120_000);
    expect(module.snapshot()).toMatchObject({ pid: undefined, restarts: 0 });
    expect(await module.health()).toEqual({ status: 'degraded', detail: 'exited with code 4; autoRestart is off' });
  });
});
