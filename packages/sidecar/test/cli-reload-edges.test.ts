// Reloads that used to say "applied" without applying: a real sidecar, a loopback OTLP backend.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, type RunningSidecar, startSidecar } from './sidecar-process.js';

const TOKEN = 'reload-edges-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };
const running: RunningSidecar[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
  for (const server of servers.splice(0)) server.close();
});

const reload = async (sidecar: RunningSidecar) => {
  const response = await fetch(`${sidecar.url}/api/reload`, { method: 'POST', headers: auth });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** One OTLP/JSON trace with one span named `name`. */
const trace = (name: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'reload-test' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                name,
                kind: 1,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000100000000',
              },
            ],
          },
        ],
      },
    ],
  });

describe('reload edge cases', { timeout: 90_000 }, () => {
  it('an empty file is rejected: the admin token stays and the next reload still works', async () => {
    const { dir, file } = configDir(`admin:\n  token: ${TOKEN}\n`);
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    writeFileSync(file, '');
    const rejected = await reload(sidecar);
    expect(rejected.status).toBe(422);
    expect(JSON.stringify(rejected.body)).toMatch(/outrider\.yaml:1:1: the config file is empty/);
    writeFileSync(file, `admin:\n  token: ${TOKEN}\nlog:\n  level: warn\n`);
    const applied = await reload(sidecar);
    expect(applied.status).toBe(200);
  });

  it('removing the exporter endpoint replaces the otlp instance: nothing is exported after, /api/config agrees', async () => {
    const received: string[] = [];
    const backend = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    servers.push(backend);
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const yaml = (exporter: string[]) =>
      [
        'admin:',
        `  token: ${TOKEN}`,
        'plugins:',
        '  otlp:',
        '    receiver: { port: 0 }',
        '    exporter:',
        '      compression: none',
        ...exporter.map((line) => `      ${line}`),
        '',
      ].join('\n');
    const { dir, file } = configDir(yaml([`endpoint: ${endpoint}`]));
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    await sidecar.waitForLog((line) => line.msg === 'outrider started', 30_000);
    const send = async (name: string) => {
      const listening = [...sidecar.lines].reverse().find((line) => line.msg === 'OTLP receiver listening');
      const response = await fetch(`http://127.0.0.1:${listening?.port}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: trace(name),
      });
      expect(response.status).toBe(200);
    };

    await send('before-reload');
    for (let i = 0; i < 200 && !received.some((body) => body.includes('before-reload')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received.some((body) => body.includes('before-reload'))).toBe(true);

    writeFileSync(file, yaml([]));
    const listeningBefore = sidecar.lines.filter((line) => line.msg === 'OTLP receiver listening').length;
    const result = await reload(sidecar);
    expect(result.body).toMatchObject({ result: 'applied', restarted: ['otlp'], reconfigured: [] });
    await sidecar.waitForLog(
      () => sidecar.lines.filter((line) => line.msg === 'OTLP receiver listening').length > listeningBefore,
    );

    const config = (await (await fetch(`${sidecar.url}/api/config`, { headers: auth })).json()) as {
      config: { plugins: { otlp: { exporter: Record<string, unknown> } } };
    };
    expect(config.config.plugins.otlp.exporter.endpoint).toBeUndefined();
    await send('after-reload');
    // Memory mode: the span is in the recent-trace store, the one place it can be read back.
    let recent = '';
    for (let i = 0; i < 200 && !recent.includes('after-reload'); i++) {
      recent = await (await fetch(`${sidecar.url}/api/traces/recent`)).text();
      if (!recent.includes('after-reload')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(recent).toContain('after-reload');
    expect(received.some((body) => body.includes('after-reload'))).toBe(false);
  });
});
