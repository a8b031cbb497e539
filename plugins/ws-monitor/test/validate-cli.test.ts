import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/sidecar/dist/cli.js');
const node = join(root, 'node_modules/.bin/node');

/** Runs the real `outrider validate` (build packages/sidecar first) on `yaml`. */
function validate(yaml: string): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-monitor-validate-'));
  const file = join(dir, 'outrider.yaml');
  writeFileSync(file, yaml);
  return new Promise((resolve) => {
    execFile(node, [cli, 'validate', '--config', file], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error.code as number | null), output: `${stdout}${stderr}` });
    });
  });
}

describe('outrider validate with a bad ws-monitor config', () => {
  it('exits 78 naming the plugin and the path of every problem', async () => {
    const { code, output } = await validate(
      [
        'plugins:',
        '  ws-monitor:',
        '    upstreams:',
        "      - { url: 'http://a.test/', pingInterval: '-1s' }",
        "      - { pongTimeout: '1h' }",
      ].join('\n'),
    );
    expect(code).toBe(78);
    expect(output).toContain('plugins.ws-monitor.upstreams.0.url');
    expect(output).toContain('plugins.ws-monitor.upstreams.0.pingInterval');
    expect(output).toContain('plugins.ws-monitor.upstreams.1.url');
  });

  it('passes a good one', async () => {
    const { code, output } = await validate(
      [
        'plugins:',
        '  feeds:',
        '    use: ws-monitor',
        '    upstreams:',
        "      - { url: 'ws://127.0.0.1:3000/stream' }",
      ].join('\n'),
    );
    expect(output).not.toMatch(/invalid/i);
    expect(code).toBe(0);
  });
});
