import { describe, expect, it } from 'vitest';
import { configDir, runCli, startSidecar } from './sidecar-process.js';

describe('the web console in the sidecar process', () => {
  it('is served at /ui by default, and its overview lists the running modules', async () => {
    const { dir } = configDir('plugins: {}\n');
    const sidecar = await startSidecar(['--config', 'outrider.yaml'], { cwd: dir });
    try {
      await sidecar.waitForLog((line) => line.msg === 'outrider started');
      const page = await fetch(`${sidecar.url}/ui`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const overview = (await (await fetch(`${sidecar.url}/ui/api/overview`)).json()) as {
        modules: { name: string }[];
      };
      expect(overview.modules.map((module) => module.name)).toContain('console');
    } finally {
      await sidecar.stop();
    }
  });

  it('is off with `ui.enabled: false`: /ui and its API answer 404', async () => {
    const { dir } = configDir('ui:\n  enabled: false\nplugins: {}\n');
    const sidecar = await startSidecar(['--config', 'outrider.yaml'], { cwd: dir });
    try {
      await sidecar.waitForLog((line) => line.msg === 'outrider started');
      for (const path of ['/ui', '/ui/api/live', '/ui/api/series']) {
        expect((await fetch(`${sidecar.url}${path}`)).status, path).toBe(404);
      }
    } finally {
      await sidecar.stop();
    }
  });

  it('rejects a sample interval outside 1s..1m, naming the key and its line', async () => {
    const { dir } = configDir('ui:\n  sampleInterval: 500ms\n');
    const result = await runCli(['validate', '--config', 'outrider.yaml'], { cwd: dir });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('outrider.yaml:2:3: ui.sampleInterval: expected a duration from 1s to 1m');
  });
});
