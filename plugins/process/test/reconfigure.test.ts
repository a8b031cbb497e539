import { afterEach, describe, expect, it, vi } from 'vitest';
import { plugin } from '../src/index.js';
import { isRunning, startProcessPlugin } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const idle = (tag: string) => ['-e', `console.log(${JSON.stringify(tag)}); setInterval(() => {}, 1000)`];

describe('reconfigure', () => {
  it('keeps the child when only logging options change', async () => {
    const { module, stop } = await startProcessPlugin({ command: process.execPath, args: idle('a') });
    cleanups.push(stop);
    const pid = module.snapshot().pid;
    await module.reconfigure(plugin.parseConfig({ command: process.execPath, args: idle('a'), logLines: 10 }));
    expect(module.snapshot().pid).toBe(pid);
  });

  it('restarts the child when its command line changes', async () => {
    const { ctx, module, stop } = await startProcessPlugin({ command: process.execPath, args: idle('a') });
    cleanups.push(stop);
    const before = module.snapshot().pid as number;
    await vi.waitFor(() => expect(module.snapshot().logLines.stdout).toBe(1), { timeout: 5_000 });
    await module.reconfigure(plugin.parseConfig({ command: process.execPath, args: idle('b'), logLines: 5 }));
    expect(isRunning(before)).toBe(false);
    const after = module.snapshot().pid as number;
    expect(after).not.toBe(before);
    await vi.waitFor(() => expect(module.snapshot().logLines.stdout).toBe(2), { timeout: 5_000 });
    const body = (await ctx.request('GET', '/plugins/app/logs')).body as { lines: { line: string }[] };
    expect(body.lines.map((l) => l.line)).toEqual(['a', 'b']);
  });
});
