import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, FIXTURES, type RunningSidecar, startSidecar } from './sidecar-process.js';

const counting = join(FIXTURES, 'counting-plugin.ts');
const PROMTOOL = '/usr/bin/promtool';
const running: RunningSidecar[] = [];

async function start(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const sidecar = await startSidecar(args, options);
  running.push(sidecar);
  return sidecar;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
});

describe('outrider start', () => {
  it('answers /healthz within 3 s, serves /metrics that promtool accepts, and exits 0 on SIGTERM', async () => {
    const { dir, file } = configDir(`plugins:\n  first:\n    use: ${counting}\n`);
    const began = Date.now();
    const sidecar = await start(['--config', file], { cwd: dir });
    const health = await fetch(`${sidecar.url}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - began).toBeLessThan(3_000);

    await sidecar.waitForLog((line) => line.msg === 'outrider started');
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toContain('outrider_plugin_state{plugin="first",state="running"} 1');
    expect(metrics).toMatch(/outrider_build_info\{version="\d+\.\d+\.\d+",node_version="v24\./);
    expect(metrics).toContain('process_resident_memory_bytes');
    if (existsSync(PROMTOOL)) {
      const scraped = join(dir, 'metrics.txt');
      writeFileSync(scraped, metrics);
      const { stdout, stderr } = await promisify(execFile)('sh', ['-c', `${PROMTOOL} check metrics < ${scraped}`]);
      expect(`${stdout}${stderr}`).toBe('');
    } else {
      expect.fail(`${PROMTOOL} is missing: install Debian's prometheus package (.ci/run does)`);
    }

    expect(await sidecar.stop()).toBe(0);
    expect(sidecar.lines.some((line) => line.msg === 'outrider stopped')).toBe(true);
  });

  it('keeps serving when a plugin throws in start; /readyz is 503 and names it when it is required', async () => {
    const { dir, file } = configDir(
      [
        'plugins:',
        '  healthy:',
        `    use: ${counting}`,
        '  broken:',
        `    use: ${counting}`,
        '    required: true',
        '    failStart: true',
        '    label: broken',
        '    restart: { maxRestarts: 1, minDelay: 10ms, maxDelay: 10ms }',
        '',
      ].join('\n'),
    );
    const sidecar = await start(['--config', file], { cwd: dir });
    await sidecar.waitForLog((line) => line.msg === 'outrider started');
    // Its first start failed before "started"; its one restart fails after.
    await sidecar.waitForLog((line) => line.msg === 'module failed' && line.module === 'broken');
    expect((await fetch(`${sidecar.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${sidecar.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { notReady: { name: string; state: string; lastError: string }[] };
    expect(body.notReady).toEqual([
      expect.objectContaining({
        name: 'broken',
        state: 'failed',
        lastError: expect.stringContaining('broken refuses to start'),
      }),
    ]);
    const { modules } = (await (await fetch(`${sidecar.url}/api/status`)).json()) as {
      modules: { name: string; state: string }[];
    };
    expect(modules.find((module) => module.name === 'healthy')?.state).toBe('running');
  });

  it('reports an optional failed plugin as degraded while staying ready', async () => {
    const { dir, file } = configDir(
      `plugins:\n  flaky:\n    use: ${counting}\n    failStart: true\n    restart: { maxRestarts: 0 }\n`,
    );
    const sidecar = await start(['--config', file], { cwd: dir });
    await sidecar.waitForLog((line) => line.msg === 'module failed' && line.module === 'flaky');
    const ready = await fetch(`${sidecar.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, degraded: [{ name: 'flaky', state: 'failed' }] });
  });

  it('--strict exits non-zero when a plugin fails to start', async () => {
    const { dir, file } = configDir(
      `plugins:\n  flaky:\n    use: ${counting}\n    failStart: true\n    restart: { maxRestarts: 0 }\n`,
    );
    const sidecar = await start(['--config', file, '--strict'], { cwd: dir });
    expect(await sidecar.exited).toBe(1);
  });
});
