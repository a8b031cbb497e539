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
      `outrider.yaml:5:27: plugins.nightly.jobs.ping.every: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found -5`,
      'outrider.yaml:5:7: plugins.nightly.jobs.ping.url: url is required, found nothing',
      'outrider.yaml:6:67: plugins.nightly.jobs.backup.cron: invalid cron pattern "99 * * * *"',
      'outrider.yaml:6:32: plugins.nightly.jobs.backup.command: command "outrider-no-such-command" was not found on PATH, found "outrider-no-such-command"',
    ]) {
      expect(output).toContain(path);
    }
  });
});
