import type { Logger } from '@outrider/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProcessPlugin } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface LogsBody {
  capturing: boolean;
  lines: { time: string; stream: string; line: string }[];
}

// Writes out-1..out-5 to stdout and err-1..err-3 to stderr, interleaved, then idles.
const SCRIPT = `
  for (let i = 1; i <= 5; i++) { console.log('out-' + i); if (i <= 3) console.error('err-' + i); }
  process.stdout.write('no newline yet');
  setInterval(() => {}, 1000);`;

describe('/plugins/<instance>/logs', () => {
  it('serves the last N lines, by stream and limit', async () => {
    const { ctx, module, stop } = await startProcessPlugin({
      command: process.execPath,
      args: ['-e', SCRIPT],
      logLines: 6,
    });
    cleanups.push(stop);
    await vi.waitFor(() => expect(module.snapshot().logLines).toEqual({ stdout: 5, stderr: 3 }), { timeout: 5_000 });
    const get = async (query = '') =>
      (await ctx.request('GET', '/plugins/app/logs', { query: new URLSearchParams(query) })).body as LogsBody;

    const all = await get();
    expect(all.capturing).toBe(true);
    // 8 complete lines written, 6 kept; stdout and stderr are separate pipes, so only per-stream order is fixed.
    expect(all.lines).toHaveLength(6);
    const stdout = all.lines.filter((l) => l.stream === 'stdout').map((l) => l.line);
    expect(stdout).toEqual(['out-1', 'out-2', 'out-3', 'out-4', 'out-5'].slice(-stdout.length));
    expect(all.lines.every((line) => !Number.isNaN(Date.parse(line.time)))).toBe(true);
    expect((await get('stream=stdout&limit=2')).lines.map((l) => l.line)).toEqual(['out-4', 'out-5']);
    expect((await get('stream=stderr')).lines.every((l) => l.stream === 'stderr')).toBe(true);
  });

  it('rejects a bad stream or limit with 400', async () => {
    const { ctx, stop } = await startProcessPlugin({ command: process.execPath, args: ['-e', SCRIPT] });
    cleanups.push(stop);
    for (const query of ['stream=stdall', 'limit=0', 'limit=abc', 'limit=1.5']) {
      const response = await ctx.request('GET', '/plugins/app/logs', { query: new URLSearchParams(query) });
      expect(response.status, query).toBe(400);
    }
  });

  it('cuts long lines and forwards lines to the logger when asked', async () => {
    const forwarded: { level: string; stream: unknown; line: string }[] = [];
    const record =
      (level: string) =>
      (fields: unknown, line?: string): void => {
        if (typeof line === 'string') forwarded.push({ level, stream: (fields as { stream?: unknown }).stream, line });
      };
    const logger: Logger = {
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      debug: record('debug'),
      child: () => logger,
    };
    const { ctx, module, stop } = await startProcessPlugin(
      {
        command: process.execPath,
        args: ['-e', `console.log('x'.repeat(100)); console.error('bad'); setInterval(() => {}, 1000)`],
        maxLineLength: 10,
        forwardLogs: true,
      },
      { logger },
    );
    cleanups.push(stop);
    await vi.waitFor(() => expect(module.snapshot().logLines).toEqual({ stdout: 1, stderr: 1 }), { timeout: 5_000 });
    const body = (await ctx.request('GET', '/plugins/app/logs', { query: new URLSearchParams('stream=stdout') }))
      .body as LogsBody;
    expect(body.lines[0]?.line).toBe('x'.repeat(10));
    expect(forwarded).toContainEqual({ level: 'info', stream: 'stdout', line: 'x'.repeat(10) });
    expect(forwarded).toContainEqual({ level: 'warn', stream: 'stderr', line: 'bad' });
  });

  it('says it is not capturing in watch mode', async () => {
    const { ctx, stop } = await startProcessPlugin({ pid: process.pid });
    cleanups.push(stop);
    expect((await ctx.request('GET', '/plugins/app/logs')).body).toEqual({ capturing: false, lines: [] });
  });
});
