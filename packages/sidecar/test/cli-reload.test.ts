import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, FIXTURES, type RunningSidecar, startSidecar } from './sidecar-process.js';

const counting = join(FIXTURES, 'counting-plugin.ts');
const TOKEN = 'test-admin-token-0123456789';
const running: RunningSidecar[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
});

const yaml = (plugins: Record<string, string[]>) =>
  [
    'admin:',
    `  token: ${TOKEN}`,
    'plugins:',
    ...Object.entries(plugins).flatMap(([name, lines]) => [
      `  ${name}:`,
      `    use: ${counting}`,
      ...lines.map((l) => `    ${l}`),
    ]),
    '',
  ].join('\n');

interface Calls {
  creates: number;
  starts: number;
  stops: number;
  reconfigures: number;
  label: string;
}

async function calls(sidecar: RunningSidecar, name: string): Promise<Calls> {
  return (await (await fetch(`${sidecar.url}/plugins/${name}/calls`)).json()) as Calls;
}

const reload = (sidecar: RunningSidecar, token = TOKEN) =>
  fetch(`${sidecar.url}/api/reload`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

describe('hot reload', () => {
  it('applies a config change as a diff: unchanged plugins keep running untouched', async () => {
    const { dir, file } = configDir(
      yaml({
        steady: ['label: steady'],
        tuned: ['label: before'],
        fixed: ['label: a', 'reconfigurable: false'],
        gone: [],
      }),
    );
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started');

    writeFileSync(
      file,
      yaml({
        steady: ['label: steady'],
        tuned: ['label: after'],
        fixed: ['label: b', 'reconfigurable: false'],
        fresh: [],
      }),
    );
    const response = await reload(sidecar);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result: 'applied',
      added: ['fresh'],
      removed: ['gone'],
      reconfigured: ['tuned'],
      restarted: ['fixed'],
      pendingRestart: [],
    });

    expect(await calls(sidecar, 'steady')).toMatchObject({ starts: 1, stops: 0, reconfigures: 0 });
    expect(await calls(sidecar, 'tuned')).toMatchObject({ starts: 1, reconfigures: 1, label: 'after' });
    expect(await calls(sidecar, 'fixed')).toMatchObject({ creates: 1, starts: 1, label: 'b' });
    expect(await calls(sidecar, 'fresh')).toMatchObject({ starts: 1 });
    expect((await fetch(`${sidecar.url}/plugins/gone/calls`)).status).toBe(404);
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toContain('outrider_config_reloads_total{result="success"} 1');
  });

  it('rejects an invalid file on SIGHUP and keeps the running config', async () => {
    const { dir, file } = configDir(yaml({ steady: ['label: steady'] }));
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started');

    writeFileSync(file, yaml({ steady: ['label: 42'], extra: [] }));
    sidecar.child.kill('SIGHUP');
    const rejected = await sidecar.waitForLog(
      (line) => line.msg === 'config reload rejected; the running config stays',
    );
    expect(JSON.stringify(rejected)).toContain('plugins.steady.label');

    expect(await calls(sidecar, 'steady')).toMatchObject({ starts: 1, label: 'steady' });
    expect((await fetch(`${sidecar.url}/plugins/extra/calls`)).status).toBe(404);
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toContain('outrider_config_reloads_total{result="failure"} 1');
  });
});

describe('admin routes', () => {
  it('need the bearer token: 401 without, 403 with a wrong one', async () => {
    const { dir, file } = configDir(yaml({ steady: [] }));
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    expect((await fetch(`${sidecar.url}/api/reload`, { method: 'POST' })).status).toBe(401);
    expect((await reload(sidecar, 'wrong-token')).status).toBe(403);
    const restart = await fetch(`${sidecar.url}/api/plugins/steady/restart`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(restart.status).toBe(200);
    expect(await calls(sidecar, 'steady')).toMatchObject({ starts: 2, stops: 1 });
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const { dir, file } = configDir(`server:\n  bodyLimitBytes: 1024\n${yaml({ steady: [] })}`);
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const malformed = await fetch(`${sidecar.url}/api/log-level`, { method: 'PUT', headers, body: '{"level":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: expect.any(String) } });
    const huge = await fetch(`${sidecar.url}/api/log-level`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ level: 'debug', padding: 'x'.repeat(4096) }),
    });
    expect(huge.status).toBe(413);
    const ok = await fetch(`${sidecar.url}/api/log-level`, { method: 'PUT', headers, body: '{"level":"debug"}' });
    expect(ok.status).toBe(200);
  });

  it('are disabled when no token is configured', async () => {
    const { dir, file } = configDir(`plugins:\n  steady:\n    use: ${counting}\n`);
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    const response = await fetch(`${sidecar.url}/api/reload`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'OUTRIDER_ADMIN_DISABLED' } });
  });
});
