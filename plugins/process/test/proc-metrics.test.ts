import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import { createTestModuleContext, createTestPluginContext } from '@outrider/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plugin } from '../src/index.js';
import { ProcReader } from '../src/proc-reader.js';
import { ProcessModule } from '../src/process-module.js';
import { exited, metricValue, spawnNode, startProcessPlugin } from './helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** ps(1)'s view of a process, to check /proc parsing against another reader. */
function ps(pid: number): { rssBytes: number; threads: number } {
  const [rss, threads] = execFileSync('ps', ['-o', 'rss=,nlwp=', '-p', String(pid)], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map(Number);
  return { rssBytes: (rss as number) * 1024, threads: threads as number };
}

describe('/proc metrics of a watched process', () => {
  it('reports CPU, RSS, fds, threads and start time that agree with ps and grow with work', async () => {
    // Holds ~40 MB and burns CPU in bursts, so both are visibly above a bare node.
    const child = spawnNode(
      'const keep = Buffer.alloc(40e6, 1); setInterval(() => { const end = Date.now() + 20; while (Date.now() < end); }, 25);',
      (fn) => cleanups.push(fn),
    );
    const pid = child.pid as number;
    const started = Date.now() / 1000;
    const { ctx, stop } = await startProcessPlugin({ pid });
    cleanups.push(stop);
    const value = (name: string) => metricValue(ctx.registry, name, { plugin: 'app' });

    // Until the child has run its script (not only node's start-up): CPU burnt and the buffer resident.
    await vi.waitFor(
      async () => {
        expect(await value('outrider_process_cpu_seconds_total')).toBeGreaterThan(0.05);
        expect(await value('outrider_process_resident_memory_bytes')).toBeGreaterThan(40e6);
      },
      { timeout: 30_000 },
    );
    expect(await value('outrider_process_up')).toBe(1);
    // ps before and after the scrape: the child's RSS may still be moving, so ours must lie between the two.
    const psBefore = ps(pid);
    const rss = (await value('outrider_process_resident_memory_bytes')) as number;
    const threads = (await value('outrider_process_threads')) as number;
    const psAfter = ps(pid);
    expect(rss).toBeGreaterThan(40e6);
    expect(rss).toBeGreaterThanOrEqual(Math.min(psBefore.rssBytes, psAfter.rssBytes) * 0.95);
    expect(rss).toBeLessThanOrEqual(Math.max(psBefore.rssBytes, psAfter.rssBytes) * 1.05);
    expect(threads).toBe(psAfter.threads);
    expect(await value('outrider_process_open_fds')).toBeGreaterThanOrEqual(3);
    const startTime = (await value('outrider_process_start_time_seconds')) as number;
    expect(Math.abs(startTime - started)).toBeLessThan(3);
    expect(await value('outrider_process_uptime_seconds')).toBeGreaterThanOrEqual(0);

    const before = (await value('outrider_process_cpu_seconds_total')) as number;
    await vi.waitFor(async () => expect(await value('outrider_process_cpu_seconds_total')).toBeGreaterThan(before), {
      timeout: 5_000,
    });

    child.kill('SIGKILL');
    await exited(child);
    expect(await value('outrider_process_up')).toBe(0);
    expect(await value('outrider_process_cpu_seconds_total')).toBeUndefined();
  });

  it('reads /proc once per scrape, whatever the number of metrics', async () => {
    const { ctx, module, stop } = await startProcessPlugin({ pid: process.pid });
    cleanups.push(stop);
    const snapshot = vi.spyOn(module, 'snapshot');
    const text = await ctx.registry.metrics();
    expect(text).toContain(`outrider_process_threads{plugin="app"}`);
    // Every metric asks for a snapshot, but they all share one reading.
    expect(snapshot.mock.results.map((r) => r.value.sample)).toSatisfy((samples: unknown[]) =>
      samples.every((sample) => sample === samples[0]),
    );
  });
});

describe('platforms without /proc', () => {
  it('throws OUTRIDER_PROCESS_UNSUPPORTED naming the platform', () => {
    const root = mkdtempSync(join(tmpdir(), 'outrider-noproc-'));
    let caught: unknown;
    try {
      new ProcReader(root);
    } catch (error) {
      caught = error;
    }
    expect(isOutriderError(caught, 'OUTRIDER_PROCESS_UNSUPPORTED')).toBe(true);
    expect((caught as Error).message).toContain(process.platform);
  });

  it('fails initialize in watch mode, and supervises without /proc numbers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outrider-noproc-'));
    const watch = plugin.parseConfig({ pid: process.pid });
    const watcher = new ProcessModule(createTestPluginContext({ instanceName: 'w' }), watch, root);
    expect(() => watcher.initialize(createTestModuleContext('w', watch))).toThrow(/Linux's \/proc/);

    const supervise = plugin.parseConfig({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
    const ctx = createTestPluginContext({ instanceName: 's' });
    const module = new ProcessModule(ctx, supervise, root);
    module.initialize(createTestModuleContext('s', supervise));
    module.start();
    cleanups.push(() => module.stop(AbortSignal.timeout(5_000)));
    expect(module.snapshot()).toMatchObject({ up: true, sample: undefined });
    expect(await metricValue(ctx.registry, 'outrider_process_up', { plugin: 's' })).toBe(1);
    expect(await metricValue(ctx.registry, 'outrider_process_resident_memory_bytes', { plugin: 's' })).toBeUndefined();
  });
});
