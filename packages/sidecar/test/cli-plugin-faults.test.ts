// A plugin's asynchronous failures fail that plugin, never the sidecar: a real sidecar process.

import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, FIXTURES, type RunningSidecar, startSidecar } from './sidecar-process.js';

const faulty = join(FIXTURES, 'faulty-plugin.ts');
const running: RunningSidecar[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
});

async function metric(sidecar: RunningSidecar, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${sidecar.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function faultyModule(sidecar: RunningSidecar): Promise<{ state: string; restarts: number }> {
  const { modules } = (await (await fetch(`${sidecar.url}/api/status`)).json()) as {
    modules: { name: string; state: string; restarts: number }[];
  };
  return modules.find((module) => module.name === 'faulty') as { state: string; restarts: number };
}

async function otlpAnswers(sidecar: RunningSidecar): Promise<number> {
  const listening = await sidecar.waitForLog((line) => line.msg === 'OTLP receiver listening');
  const response = await fetch(`http://127.0.0.1:${listening.port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans":[]}',
  });
  return response.status;
}

describe('asynchronous plugin failures', { timeout: 60_000 }, () => {
  it('an uncaught exception or unhandled rejection restarts the plugin; the sidecar and OTLP keep serving', async () => {
    const { dir, file } = configDir(
      [
        'plugins:',
        '  otlp:',
        '    receiver: { port: 0 }',
        '  faulty:',
        `    use: ${faulty}`,
        '    restart: { minDelay: 10ms, maxDelay: 50ms }',
        '',
      ].join('\n'),
    );
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started', 30_000);

    for (const [route, kind, restarts] of [
      ['throw-later', 'exception', 1],
      ['reject', 'rejection', 2],
    ] as const) {
      expect((await fetch(`${sidecar.url}/plugins/faulty/${route}`)).status).toBe(200);
      let seen: unknown;
      const module = await waitFor(
        async () => {
          const faulty = await faultyModule(sidecar);
          seen = faulty;
          return faulty.restarts >= restarts && faulty.state === 'running' && faulty;
        },
        {
          timeout: 20_000,
          interval: 50,
          what: () => `faulty to be restarted after its ${kind} (last: ${JSON.stringify(seen)})`,
        },
      );
      expect(module.restarts).toBe(restarts);
      expect(await metric(sidecar, `outrider_uncaught_errors_total{plugin="faulty",kind="${kind}"}`)).toBe(1);
      expect(sidecar.child.exitCode).toBeNull();
      expect((await fetch(`${sidecar.url}/healthz`)).status).toBe(200);
      expect(await otlpAnswers(sidecar)).toBe(200);
    }
    const logged = sidecar.lines.find((line) => line.msg === 'uncaught exception in plugin faulty');
    expect((logged?.err as { message?: string } | undefined)?.message).toBe('async boom');
    expect(await sidecar.stop()).toBe(0);
  });

  it('one nobody can be blamed for is logged and counted; nothing is restarted and nothing exits', async () => {
    const { dir, file } = configDir(['plugins:', '  faulty:', `    use: ${faulty}`, ''].join('\n'));
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started', 30_000);

    expect((await fetch(`${sidecar.url}/plugins/faulty/throw-unscoped`)).status).toBe(200);
    const logged = await sidecar.waitForLog(
      (line) => line.msg === 'uncaught exception outside any plugin; the sidecar keeps serving',
    );
    expect((logged.err as { message?: string }).message).toBe('unscoped boom');
    expect(await metric(sidecar, 'outrider_uncaught_errors_total{plugin="",kind="exception"}')).toBe(1);
    expect(await faultyModule(sidecar)).toMatchObject({ state: 'running', restarts: 0 });
    expect(sidecar.child.exitCode).toBeNull();
    expect(await sidecar.stop()).toBe(0);
  });
});

describe('readiness', { timeout: 60_000 }, () => {
  it('/readyz lists a running plugin whose health check is degraded, with its conditions', async () => {
    const { dir, file } = configDir(['plugins:', '  faulty:', `    use: ${faulty}`, ''].join('\n'));
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started', 30_000);
    expect(await (await fetch(`${sidecar.url}/readyz`)).json()).toEqual({ ready: true, notReady: [], degraded: [] });

    expect((await fetch(`${sidecar.url}/plugins/faulty/degrade`, { method: 'POST' })).status).toBe(200);
    const response = await fetch(`${sidecar.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      notReady: [],
      degraded: [
        {
          name: 'faulty',
          // The health poll (every 10 s) turns the state to degraded too; /readyz asks at once.
          state: expect.stringMatching(/^(running|degraded)$/),
          detail: 'the spool is full',
          conditions: ['spool_full'],
        },
      ],
    });
  });
});
