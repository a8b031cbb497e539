import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('outrider validate with bad jobs', () => {
  it('exits 78 naming the instance, the job and each bad path', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'outrider-validate-')), 'outrider.yaml');
    writeFileSync(
      config,
      [
        'plugins:',
        '  nightly:',
        '    use: jobs',
        '    jobs:',
        '      ping: { kind: http, every: -5 }',
        "      backup: { kind: command, command: outrider-no-such-command, cron: '99 * * * *' }",
        '',
      ].join('\n'),
    );
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/node'),
      [join(ROOT, 'packages/sidecar/dist/cli.js'), 'validate', '--config', config],
      { encoding: 'utf8' },
    );
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(78);
    for (const path of [
      'plugins.nightly.jobs.ping.every',
      'plugins.nightly.jobs.ping.url: url is required',
      'plugins.nightly.jobs.backup.cron: invalid cron pattern "99 * * * *"',
      'plugins.nightly.jobs.backup.command: command "outrider-no-such-command" was not found on PATH',
    ]) {
      expect(output).toContain(path);
    }
  });
});
