import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRunning, metricValue, startJobs } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function jobs(config: unknown) {
  const started = await startJobs(config);
  cleanups.push(started.stop);
  return started;
}

const node = (script: string) => ({ kind: 'command', every: '1h', command: process.execPath, args: ['-e', script] });
const labels = (name: string) => ({ plugin: 'nightly', name });

/** A node script that starts a grandchild, writes its pid to `pidFile`, then hangs. */
const spawnsAndHangs = (pidFile: string) => `
  const child = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
  setInterval(() => {}, 1000);`;

describe('command jobs', () => {
  it('records exit code 0 as a success', async () => {
    const { ctx } = await jobs({ jobs: { ok: node('process.exit(0)') } });
    expect((await ctx.scheduler.runNow('nightly.ok')).outcome).toBe('success');
    expect(await metricValue(ctx.registry, 'outrider_job_last_exit_code', labels('ok'))).toBe(0);
    expect(await metricValue(ctx.registry, 'outrider_job_last_run_success', labels('ok'))).toBe(1);
  });

  it('fails on a non-zero exit with the code and the last stderr line', async () => {
    const { ctx } = await jobs({
      jobs: { backup: node('console.error("starting"); console.error("disk full"); process.exit(3)') },
    });
    const report = await ctx.scheduler.runNow('nightly.backup');
    expect(report).toMatchObject({
      outcome: 'failure',
      error: `job "nightly.backup": "${process.execPath}" exited with code 3: disk full`,
    });
    expect(await metricValue(ctx.registry, 'outrider_job_last_exit_code', labels('backup'))).toBe(3);
    expect(ctx.scheduler.get('nightly.backup')).toMatchObject({ failures: 1, lastOutcome: 'failure' });
  });

  it('kills the whole process tree on timeout', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'outrider-job-')), 'grandchild.pid');
    const { ctx } = await jobs({
      // Room for a cold node start on a busy machine before the timeout; the tree hangs forever otherwise.
      jobs: { stuck: { ...node(spawnsAndHangs(pidFile)), timeout: '2s', killGrace: '200ms' } },
    });
    const started = performance.now();
    const report = await ctx.scheduler.runNow('nightly.stuck');
    expect(report.outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(10_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    cleanups.push(() => {
      if (isRunning(grandchild)) process.kill(grandchild, 'SIGKILL');
    });
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false));
    expect(await metricValue(ctx.registry, 'outrider_job_last_exit_code', labels('stuck'))).toBe(143); // SIGTERM
  });

  it('sends SIGKILL after killGrace to a command that ignores SIGTERM', async () => {
    const { ctx } = await jobs({
      jobs: {
        stubborn: {
          ...node('process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'),
          // Room for the child to install its handler on a busy machine; a SIGTERM before it would be 143.
          timeout: '2s',
          killGrace: '200ms',
        },
      },
    });
    expect((await ctx.scheduler.runNow('nightly.stubborn')).outcome).toBe('timeout');
    expect(await metricValue(ctx.registry, 'outrider_job_last_exit_code', labels('stubborn'))).toBe(137); // SIGKILL
  });

  it('runs a shell line only with shell: true, with env and cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outrider-job-'));
    const { ctx } = await jobs({
      jobs: {
        viaShell: {
          kind: 'command',
          every: '1h',
          command: 'echo "$GREETING" > out.txt && test -s out.txt',
          shell: true,
          cwd: dir,
          env: { GREETING: 'hello from a job' },
        },
      },
    });
    expect((await ctx.scheduler.runNow('nightly.viaShell')).outcome).toBe('success');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hello from a job\n');
  });

  it('passes arguments verbatim without a shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outrider-job-'));
    const { ctx } = await jobs({
      jobs: {
        literal: {
          ...node('require("node:fs").writeFileSync("arg.txt", process.argv[1])'),
          args: ['-e', 'require("node:fs").writeFileSync("arg.txt", process.argv[1])', '$HOME; rm -rf /'],
          cwd: dir,
        },
      },
    });
    expect((await ctx.scheduler.runNow('nightly.literal')).outcome).toBe('success');
    expect(readFileSync(join(dir, 'arg.txt'), 'utf8')).toBe('$HOME; rm -rf /');
  });

  it('kills a command in flight when the plugin stops', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'outrider-job-')), 'grandchild.pid');
    const { ctx, module } = await jobs({ jobs: { long: { ...node(spawnsAndHangs(pidFile)), timeout: '1h' } } });
    const run = ctx.scheduler.runNow('nightly.long');
    await vi.waitFor(() => expect(readFileSync(pidFile, 'utf8')).toMatch(/^\d+$/), { timeout: 5_000 });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    cleanups.push(() => {
      if (isRunning(grandchild)) process.kill(grandchild, 'SIGKILL');
    });
    await module.stop(AbortSignal.timeout(5_000));
    expect(await run).toMatchObject({ outcome: 'failure', error: 'plugin "nightly" stopped' });
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false));
  });
});
