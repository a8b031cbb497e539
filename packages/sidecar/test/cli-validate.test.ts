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

  it('lists every problem, sidecar and plugins alike, with path and source, and exits 78', async () => {
    const { file } = configDir(
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
    const result = await runCli(['validate', '--config', file]);
    expect(result.code).toBe(78);
    // The sidecar's own schema fails first; its problems come with line:column.
    expect(result.stderr).toMatch(/server\.port: expected number, got string "high" \(.*outrider\.yaml:2:3\)/);

    const { file: pluginsOnly } = configDir(
      [
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
    const plugins = await runCli(['validate', '--config', pluginsOnly]);
    expect(plugins.code).toBe(78);
    expect(plugins.stderr).toContain('config is invalid (3 problems)');
    expect(plugins.stderr).toMatch(/plugins\.first\.label: .*expected string.* \(.*outrider\.yaml:4:5\)/);
    expect(plugins.stderr).toMatch(/plugins\.first\.failStart: .*expected boolean.* \(.*outrider\.yaml:5:5\)/);
    expect(plugins.stderr).toMatch(/plugins\.second\.use: .*cannot find plugin "\.\/nowhere\.js"/);
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
      /plugins\.app\.dependsOn\.1: no plugin instance named "ghost" \(.*outrider\.yaml:4:/,
    );

    const { file: cyclic } = configDir(
      `plugins:\n  a:\n    use: ${counting}\n    dependsOn: [b]\n  b:\n    use: ${counting}\n    dependsOn: [a]\n`,
    );
    const cycle = await runCli(['validate', '--config', cyclic]);
    expect(cycle.code).toBe(78);
    expect(cycle.stderr).toContain('cycle');
  });
});
