import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, runCli, startSidecar } from './sidecar-process.js';

const probes = 'plugins:\n  http-probe:\n    targets: [{ url: http://127.0.0.1:9/health, interval: 31s }]\n';

describe('dashboards', () => {
  it('are served at /dashboards with the panels of the configured plugins', async () => {
    const { dir, file } = configDir(probes);
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    try {
      const list = (await (await fetch(`${sidecar.url}/dashboards`)).json()) as { dashboards: { uid: string }[] };
      expect(list.dashboards.map((dashboard) => dashboard.uid).sort()).toEqual([
        'outrider-otlp',
        'outrider-overview',
        'outrider-probes',
        'outrider-sdk',
      ]);
      const probesJson = JSON.stringify(await (await fetch(`${sidecar.url}/dashboards/outrider-probes`)).json());
      expect(probesJson).toContain('outrider_probe_success');
      const unknown = await fetch(`${sidecar.url}/dashboards/nope`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'OUTRIDER_HTTP_NOT_FOUND' } });
    } finally {
      await sidecar.stop();
    }
  });

  it('export writes every dashboard and a Grafana provisioning file', async () => {
    const { dir, file } = configDir(probes);
    const result = await runCli(['dashboards', 'export', '--dir', 'out', '--config', file], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = readdirSync(join(dir, 'out')).sort();
    expect(written).toEqual(expect.arrayContaining(['outrider-overview.json', 'outrider-probes.json']));
    expect(written.some((name) => name.endsWith('.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'out', 'outrider-probes.json'), 'utf8')).toContain('outrider_probe_success');
  });

  it('push upserts each dashboard through Grafana’s API and reports each result', async () => {
    const posts: { url: string; auth: string | undefined; body: { overwrite: boolean; dashboard: { uid: string } } }[] =
      [];
    const grafana = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        if (request.url === '/api/dashboards/db') {
          const parsed = JSON.parse(body);
          posts.push({ url: request.url, auth: request.headers.authorization, body: parsed });
          const failing = parsed.dashboard.uid === 'outrider-sdk';
          response.statusCode = failing ? 412 : 200;
          response.end(
            JSON.stringify(
              failing
                ? { message: 'version-mismatch' }
                : { status: 'success', version: 3, url: `/d/${parsed.dashboard.uid}` },
            ),
          );
          return;
        }
        // Folder lookups and creation.
        response.end(JSON.stringify({ uid: 'outrider', title: 'Outrider' }));
      });
    });
    await new Promise<void>((resolve) => grafana.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(grafana.address() as AddressInfo).port}`;
    try {
      const { dir } = configDir('log:\n  level: info\n');
      const result = await runCli(['dashboards', 'push', '--grafana-url', url, '--token', 'glsa_secret'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(posts.map((post) => post.body.dashboard.uid).sort()).toEqual([
        'outrider-otlp',
        'outrider-overview',
        'outrider-probes',
        'outrider-sdk',
      ]);
      expect(posts.every((post) => post.auth === 'Bearer glsa_secret' && post.body.overwrite === true)).toBe(true);
      expect(result.stdout).toContain('pushed outrider-overview: version 3');
      expect(result.stdout).toContain('failed outrider-sdk: 412');
      expect(`${result.stdout}${result.stderr}`).not.toContain('glsa_secret');
    } finally {
      grafana.close();
    }
  });

  it('push without a URL or token is a usage error', async () => {
    const result = await runCli(['dashboards', 'push'], { env: { GRAFANA_URL: '', GRAFANA_TOKEN: '' } });
    expect(result.code).toBe(64);
    const wrong = await runCli(['dashboards', 'exprot']);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('(did you mean "export"?)');
  });
});
