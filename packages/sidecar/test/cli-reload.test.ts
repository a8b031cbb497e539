import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, FIXTURES, type RunningSidecar, runCli, startSidecar } from './sidecar-process.js';

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

  it('a replaced plugin whose factory throws is a config error naming the instance; it keeps its old config', async () => {
    const { dir, file } = configDir(
      yaml({ kept: ['label: kept', 'reconfigurable: false'], swapped: ['label: before', 'reconfigurable: false'] }),
    );
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started');

    // `kept` changes too and is replaced first: the reload goes back on it as well.
    writeFileSync(
      file,
      yaml({
        kept: ['label: changed', 'reconfigurable: false'],
        swapped: ['label: after', 'reconfigurable: false', 'failCreate: true'],
        extra: [],
      }),
    );
    const response = await reload(sidecar);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { result: string; error: { code: string; message: string } };
    expect(body.result).toBe('rejected');
    expect(body.error.code).toBe('OUTRIDER_CONFIG_INVALID');
    expect(body.error.message).toContain(
      `outrider.yaml:8:3: plugins.swapped: plugin "counting" could not be created from this config: after refuses this config`,
    );
    expect(body.error.message).not.toMatch(/\n\s+at /);

    expect(await calls(sidecar, 'swapped')).toMatchObject({ label: 'before', starts: 1 });
    expect(await calls(sidecar, 'kept')).toMatchObject({ label: 'kept', starts: 1 });
    expect((await fetch(`${sidecar.url}/plugins/extra/calls`)).status).toBe(404);
    const status = (await (await fetch(`${sidecar.url}/api/status`)).json()) as {
      modules: { name: string; state: string }[];
    };
    expect(status.modules.filter((module) => module.name !== 'http' && module.state !== 'running')).toEqual([]);
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toContain('outrider_config_reloads_total{result="failure"} 1');
  });

  it('at start, a factory that throws is exit 78 naming the instance, with no stack', async () => {
    const { dir, file } = configDir(yaml({ broken: ['failCreate: true'] }));
    const result = await runCli(['start', '--config', file, '--port', '0'], { cwd: dir });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(
      'outrider.yaml:4:3: plugins.broken: plugin "counting" could not be created from this config: x refuses this config',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
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
