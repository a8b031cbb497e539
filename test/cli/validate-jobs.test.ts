import { describe, expect, it } from 'vitest';
import { validateConfig } from '../support/sidecar.js';

describe('outrider validate with bad jobs', () => {
  it('exits 78 naming the instance, the job and each bad path', async () => {
    const { code, output } = await validateConfig(
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
    expect(code, output).toBe(78);
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
