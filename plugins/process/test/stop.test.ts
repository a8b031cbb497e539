import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@outrider/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRunning, startProcessPlugin } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const killLater = (pid: number) =>
  cleanups.push(() => {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });

describe('stopping a supervised child', () => {
  it('sends SIGTERM and does not restart it', async () => {
    const clock = new ManualClock();
    const { module, stop } = await startProcessPlugin(
      { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] },
      { clock },
    );
    const pid = module.snapshot().pid as number;
    killLater(pid);
    await stop();
    expect(isRunning(pid)).toBe(false);
    expect(module.snapshot().exits).toEqual({ SIGTERM: 1 });
    await clock.advance(60_000);
    expect(module.snapshot().pid).toBeUndefined();
  });

  it('sends SIGKILL to a child that ignores SIGTERM once stopGrace has passed, and reaches its children', async () => {
    const clock = new ManualClock();
    const dir = mkdtempSync(join(tmpdir(), 'outrider-stop-'));
    const grandchildPidFile = join(dir, 'grandchild.pid');
    const script = `
      process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
      const { spawn } = require('node:child_process');
      const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(grandchildPidFile)}, String(grandchild.pid));
      setInterval(() => {}, 1000);`;
    const { module, stop } = await startProcessPlugin(
      { command: process.execPath, args: ['-e', script], stopGrace: '5s' },
      { clock },
    );
    const pid = module.snapshot().pid as number;
    killLater(pid);
    await vi.waitFor(() => expect(readFileSync(grandchildPidFile, 'utf8')).toMatch(/^\d+$/), { timeout: 5_000 });
    const grandchild = Number(readFileSync(grandchildPidFile, 'utf8'));
    killLater(grandchild);

    const stopping = stop();
    // The child ignores SIGTERM; its grandchild (same process group) does not.
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false), { timeout: 5_000 });
    await vi.waitFor(() => expect(module.snapshot().logLines.stdout).toBe(1));
    expect(isRunning(pid)).toBe(true);
    expect(module.status).toBe('stopping');
    await clock.advance(4_999);
    expect(isRunning(pid)).toBe(true);
    await clock.advance(1);
    await stopping;
    expect(isRunning(pid)).toBe(false);
    expect(module.snapshot().exits).toEqual({ SIGKILL: 1 });
    expect(module.status).toBe('stopped');
  });

  it('sends SIGKILL at once when the stop deadline aborts', async () => {
    const clock = new ManualClock();
    const { module } = await startProcessPlugin(
      {
        command: process.execPath,
        args: ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'],
        stopGrace: '1h',
      },
      { clock },
    );
    const pid = module.snapshot().pid as number;
    killLater(pid);
    await vi.waitFor(() => expect(module.snapshot().logLines.stdout).toBe(1), { timeout: 5_000 });
    await module.stop(AbortSignal.timeout(300));
    expect(isRunning(pid)).toBe(false);
    expect(module.snapshot().exits).toEqual({ SIGKILL: 1 });
  });
});
