import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('outrider validate with a bad process config', () => {
  it('exits 78 naming the instance and each bad path', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'outrider-validate-')), 'outrider.yaml');
    writeFileSync(
      config,
      ['plugins:', '  app:', '    use: process', '    command: outrider-no-such-command', '    stopGrace: -1', ''].join(
        '\n',
      ),
    );
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/node'),
      [join(ROOT, 'packages/sidecar/dist/cli.js'), 'validate', '--config', config],
      { encoding: 'utf8' },
    );
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(78);
    expect(output).toContain('plugins.app.command: command "outrider-no-such-command" was not found on PATH');
    expect(output).toContain('plugins.app.stopGrace');
  });
});
