import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, metricValue, spawnNode, startProcessPlugin } from './helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('watching a pid file', () => {
  it('follows the pid in the file and reports the process gone', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'outrider-pidfile-')), 'app.pid');
    const first = spawnNode('setInterval(() => {}, 1000)', (fn) => cleanups.push(fn));
    writeFileSync(pidFile, `${first.pid}\n`);
    const { ctx, module, stop } = await startProcessPlugin({ pidFile });
    cleanups.push(stop);
    const up = () => metricValue(ctx.registry, 'outrider_process_up', { plugin: 'app' });

    expect(module.snapshot()).toMatchObject({ mode: 'watch', pid: first.pid, up: true });
    expect(await up()).toBe(1);
    expect(await module.health()).toEqual({ status: 'healthy' });

    first.kill('SIGKILL');
    await exited(first);
    expect(await up()).toBe(0);
    expect(await module.health()).toEqual({ status: 'degraded', detail: `process ${first.pid} is not running` });

    // The app comes back with a new pid: the next scrape follows the file.
    const second = spawnNode('setInterval(() => {}, 1000)', (fn) => cleanups.push(fn));
    writeFileSync(pidFile, `${second.pid}\n`);
    expect(module.snapshot()).toMatchObject({ pid: second.pid, up: true });
    expect(await metricValue(ctx.registry, 'outrider_process_threads', { plugin: 'app' })).toBeGreaterThan(0);

    rmSync(pidFile);
    expect(await up()).toBe(0);
    expect(await module.health()).toEqual({ status: 'degraded', detail: `no pid in ${pidFile}` });
  });

  it('treats a pid file without a pid as down', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'outrider-pidfile-')), 'app.pid');
    writeFileSync(pidFile, 'not a pid\n');
    const { module, stop } = await startProcessPlugin({ pidFile });
    cleanups.push(stop);
    expect(module.snapshot()).toMatchObject({ pid: undefined, up: false });
  });
});
