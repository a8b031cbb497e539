import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { node, root } from './helpers.js';

const cli = join(root, 'packages/sidecar/dist/cli.js');

beforeAll(() => {
  // The sidecar loads the built plugin (`@outrider/plugin-otlp` → dist).
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'plugins/otlp'], { cwd: root });
}, 60_000);

function validate(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-validate-'));
  const file = join(dir, 'outrider.yaml');
  writeFileSync(file, yaml);
  return spawnSync(node, [cli, 'validate', '--config', file], { cwd: dir, encoding: 'utf8' });
}

it('`outrider validate` rejects a bad otlp config with exit 78, naming the plugin and each path', {
  timeout: 30_000,
}, () => {
  const result = validate(
    'plugins:\n  otlp:\n    receiver: { port: 99999 }\n    exporter: { spool: { whenFull: sometimes } }\n',
  );
  expect(result.status).toBe(78);
  const output = result.stdout + result.stderr;
  expect(output).toContain('plugins.otlp.receiver.port');
  expect(output).toContain('plugins.otlp.exporter.spool.whenFull');
});

it('`outrider validate` accepts an otlp config with an endpoint and a spool policy', { timeout: 30_000 }, () => {
  const result = validate(
    'plugins:\n  otlp:\n    receiver: { port: 0 }\n    exporter: { endpoint: http://127.0.0.1:4319, spool: { whenFull: drop-oldest } }\n',
  );
  expect(result.stdout + result.stderr).not.toContain('invalid');
  expect(result.status).toBe(0);
});
