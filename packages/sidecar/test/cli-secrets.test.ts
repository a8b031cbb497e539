// A real sidecar holding credentials in every kind of field: none of them may be served, printed or
// handed to the supervised app.
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, type RunningSidecar, runCli, startSidecar } from './sidecar-process.js';

const TOKEN = 'admin-token-0123456789';
const SECRETS = {
  endpointPassword: 'ep-pass-111',
  endpointKey: 'ep-key-222',
  exporterHeader: 'exp-hdr-333',
  envHeader: 'env-hdr-444',
  probePassword: 'probe-pass-555',
  probeKey: 'probe-key-666',
  probeHeader: 'probe-hdr-777',
  jobHeader: 'job-hdr-888',
  jobBody: 'job-body-999',
  jobEnv: 'job-env-000',
  appEnv: 'app-env-aaa',
  sidecarOnly: 'sidecar-only-bbb',
};

const yaml = [
  'plugins:',
  '  otlp:',
  '    receiver: { port: 0 }',
  '    exporter:',
  `      endpoint: http://collector:${SECRETS.endpointPassword}@127.0.0.1:9/otlp?api_key=${SECRETS.endpointKey}&region=eu`,
  `      headers: { authorization: "Bearer ${SECRETS.exporterHeader}" }`,
  '  probe:',
  '    use: http-probe',
  '    targets:',
  `      - url: http://u:${SECRETS.probePassword}@127.0.0.1:9/health?token=${SECRETS.probeKey}`,
  '        name: app',
  `        headers: { x-api-key: ${SECRETS.probeHeader} }`,
  '        interval: 1h',
  '  jobs:',
  '    jobs:',
  '      ping:',
  '        kind: http',
  '        every: 1h',
  '        url: http://127.0.0.1:9/ping',
  '        method: POST',
  `        headers: { authorization: "Basic ${SECRETS.jobHeader}" }`,
  `        body: { password: ${SECRETS.jobBody} }`,
  '      sweep:',
  '        kind: command',
  '        every: 1h',
  '        command: "true"',
  `        env: { DB_PASSWORD: ${SECRETS.jobEnv} }`,
  '  app:',
  '    use: process',
  '    command: env',
  '    autoRestart: false',
  `    env: { APP_SECRET: ${SECRETS.appEnv} }`,
  '',
].join('\n');

const env = {
  OUTRIDER_ADMIN__TOKEN: TOKEN,
  OUTRIDER_PLUGINS__OTLP__EXPORTER__HEADERS: JSON.stringify({ 'x-api-key': SECRETS.envHeader }),
  OUTRIDER_PLUGINS__OTLP__MEMORY__MAX_TRACES: '77',
  SIDECAR_ONLY_SECRET: SECRETS.sidecarOnly,
};

const running: RunningSidecar[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
});

async function start(): Promise<RunningSidecar> {
  const { dir, file } = configDir(yaml);
  const sidecar = await startSidecar(['--config', file], { cwd: dir, env });
  running.push(sidecar);
  await sidecar.waitForLog((line) => line.msg === 'outrider started', 30_000);
  return sidecar;
}

function expectNoSecret(text: string): void {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, name).not.toContain(value);
  expect(text).not.toContain(TOKEN);
}

describe('secrets in the config', { timeout: 60_000 }, () => {
  it('GET /api/config without the token is the public view: no plugin config, no secret', async () => {
    const sidecar = await start();
    const response = await fetch(`${sidecar.url}/api/config`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expectNoSecret(text);
    const body = JSON.parse(text) as { view: string; config: { plugins: Record<string, Record<string, unknown>> } };
    expect(body.view).toBe('public');
    expect(body.config.plugins.otlp).toEqual({ use: 'otlp', required: false, dependsOn: [] });
    expect(body.config.plugins.probe).toEqual({ use: 'http-probe', required: false, dependsOn: [] });
  });

  it('GET /api/config with the token shows the config in force, env overrides included, secrets masked', async () => {
    const sidecar = await start();
    const response = await fetch(`${sidecar.url}/api/config`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expectNoSecret(text);
    // biome-ignore lint/suspicious/noExplicitAny: a deep JSON answer, read by path
    const { view, config } = JSON.parse(text) as { view: string; config: Record<string, any> };
    expect(view).toBe('full');
    expect(config.admin.token).toBe('***');
    const { otlp, probe, jobs, app } = config.plugins;
    expect(otlp.exporter.endpoint).toBe('http://***@127.0.0.1:9/otlp?api_key=***&region=eu');
    // The environment's headers replace the file's, as they do for the running plugin.
    expect(otlp.exporter.headers).toEqual({ 'x-api-key': '***' });
    expect(otlp.memory.maxTraces).toBe(77);
    expect(probe.targets[0]).toMatchObject({
      url: 'http://***@127.0.0.1:9/health?token=***',
      headers: { 'x-api-key': '***' },
    });
    expect(jobs.jobs.ping).toMatchObject({
      url: 'http://127.0.0.1:9/ping',
      headers: { authorization: '***' },
      body: '***',
    });
    expect(jobs.jobs.sweep.env).toEqual({ DB_PASSWORD: '***' });
    expect(app.env).toEqual({ APP_SECRET: '***' });
    expect(app.command).toBe('env');

    const wrong = await fetch(`${sidecar.url}/api/config`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(403);
  });

  it('the supervised app gets its configured env and the allowlist, not the sidecar environment', async () => {
    const sidecar = await start();
    let lines: string[] = [];
    for (let attempt = 0; attempt < 100 && !lines.some((line) => line.startsWith('PATH=')); attempt++) {
      const logs = (await (await fetch(`${sidecar.url}/plugins/app/logs`)).json()) as { lines: { line: string }[] };
      lines = logs.lines.map((entry) => entry.line);
      if (!lines.some((line) => line.startsWith('PATH='))) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const names = lines.map((line) => line.split('=')[0]);
    expect(names).toContain('PATH');
    expect(lines).toContain(`APP_SECRET=${SECRETS.appEnv}`);
    expect(names.filter((name) => name?.startsWith('OUTRIDER_'))).toEqual([]);
    expect(names).not.toContain('SIDECAR_ONLY_SECRET');
  });

  it('the logs of a run carry none of the secrets', async () => {
    const sidecar = await start();
    await fetch(`${sidecar.url}/api/config`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await sidecar.stop();
    expectNoSecret(
      JSON.stringify(sidecar.lines.filter((line) => line.module !== 'app' || !String(line.msg).includes('APP_SECRET'))),
    );
  });

  it('outrider validate names the bad keys without printing their values', async () => {
    const { file } = configDir(
      [
        'plugins:',
        '  otlp:',
        '    exporter:',
        `      endpoint: ftp://collector:${SECRETS.endpointPassword}@host/?api_key=${SECRETS.endpointKey}`,
        `      headers: { authorization: 42 }`,
        '  probe:',
        '    use: http-probe',
        '    targets:',
        `      - url: "http://u:${SECRETS.probePassword}@bad host/?token=${SECRETS.probeKey}"`,
        '',
      ].join('\n'),
    );
    const result = await runCli(['validate', '--config', file], { env: { OUTRIDER_ADMIN__TOKEN: TOKEN } });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('plugins.otlp.exporter.endpoint');
    expect(result.stderr).toContain('plugins.otlp.exporter.headers.authorization');
    expect(result.stderr).toContain('plugins.probe.targets.0.url');
    expectNoSecret(result.stdout + result.stderr);
  });
});

describe('DNS rebinding', { timeout: 60_000 }, () => {
  it('refuses a Host that is not the bound address, localhost or loopback', async () => {
    const { dir, file } = configDir('server:\n  allowedHosts: [outrider.internal]\n');
    const sidecar = await startSidecar(['--config', file, '--otlp-port', '0'], { cwd: dir });
    running.push(sidecar);
    const port = new URL(sidecar.url).port;
    const withHost = async (host: string) => {
      // fetch forbids setting Host; node:http does not.
      const { request } = await import('node:http');
      return new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/status', headers: { host } }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    };
    const refused = await withHost(`attacker.example:${port}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('OUTRIDER_HTTP_HOST_REFUSED');
    expect((await withHost(`rebind.attacker.example`)).status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', '[::1]', `outrider.internal:${port}`]) {
      expect((await withHost(host)).status, host).toBe(200);
    }
  });
});
