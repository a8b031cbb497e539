import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, FIXTURES, runCli } from './sidecar-process.js';

const counting = join(FIXTURES, 'counting-plugin.ts');

describe('outrider validate', () => {
  it('accepts a valid config and names its plugins', async () => {
    const { file } = configDir(`plugins:\n  first:\n    use: ${counting}\n    label: one\n`);
    const result = await runCli(['validate', '--config', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`config is valid: ${file}`);
    expect(result.stdout).toContain('first (counting 1.2.3)');
  });

  it('lists every problem, sidecar and plugins alike, in one run with positions, and exits 78', async () => {
    const { dir } = configDir(
      [
        'server:',
        '  port: high',
        'plugins:',
        '  first:',
        `    use: ${counting}`,
        '    label: 12',
        '    failStart: maybe',
        '  second:',
        '    use: ./nowhere.js',
        '',
      ].join('\n'),
    );
    const result = await runCli(['validate', '--config', 'outrider.yaml'], { cwd: dir });
    expect(result.code).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'outrider: outrider.yaml: config is invalid (4 problems):',
        '  - outrider.yaml:2:3: server.port: expected number, found "high"',
        '  - outrider.yaml:6:5: plugins.first.label: expected string, found 12',
        '  - outrider.yaml:7:5: plugins.first.failStart: expected boolean, found "maybe"',
        `  - outrider.yaml:9:5: plugins.second.use: cannot find plugin "./nowhere.js" (looked for file://${dir}/nowhere.js); built-in plugins are otlp, process, http-probe, ws-monitor, jobs`,
        '',
      ].join('\n'),
    );
  });

  it('reads plugin config from the environment and blames the variable', async () => {
    const { file } = configDir(`plugins:\n  first:\n    use: ${counting}\n`);
    const result = await runCli(['validate', '--config', file], {
      env: { OUTRIDER_PLUGINS__FIRST__FAIL_START: 'perhaps' },
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('OUTRIDER_PLUGINS__FIRST__FAIL_START');
  });

  it('exits 78 for a config file that does not exist or does not parse', async () => {
    const missing = await runCli(['validate', '--config', '/nonexistent/outrider.yaml']);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('/nonexistent/outrider.yaml');
    const { file } = configDir('server: [unclosed\n');
    const broken = await runCli(['validate', '--config', file]);
    expect(broken.code).toBe(78);
    expect(broken.stderr).toContain('outrider.yaml');
  });

  it('checks dependsOn: unknown instances by path, and cycles', async () => {
    const { file } = configDir(
      `plugins:\n  app:\n    use: ${counting}\n    dependsOn: [otlp, ghost]\n  otlp:\n    use: ${counting}\n    dependsOn: [http]\n`,
    );
    const unknown = await runCli(['validate', '--config', file]);
    expect(unknown.code).toBe(78);
    expect(unknown.stderr).toMatch(
      /outrider\.yaml:4:23: plugins\.app\.dependsOn\.1: expected the name of a plugin instance or http, scheduler, dashboards, found "ghost"/,
    );

    const { file: cyclic } = configDir(
      `plugins:\n  a:\n    use: ${counting}\n    dependsOn: [b]\n  b:\n    use: ${counting}\n    dependsOn: [a]\n`,
    );
    const cycle = await runCli(['validate', '--config', cyclic]);
    expect(cycle.code).toBe(78);
    expect(cycle.stderr).toContain('cycle');
  });
});
