import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, runCli } from './sidecar-process.js';

describe('outrider CLI usage', () => {
  it('prints help for the program and for every command', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['start', 'validate', 'init', 'plugins', 'status']) {
      expect(main.stdout).toContain(`  ${command}`);
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: outrider ${command}`);
    }
  });

  it('rejects an unknown command with a hint and exit 64', async () => {
    const result = await runCli(['strat']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('unknown command "strat" (did you mean "start"?)');
  });

  it('rejects an unknown flag with a hint and exit 64', async () => {
    const result = await runCli(['start', '--prot', '9000']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("Unknown option '--prot'");
    expect(result.stderr).toContain('(did you mean "--port"?)');
    expect(result.stderr).toContain('see: outrider start --help');
  });

  it('rejects a port that is not a port', async () => {
    const result = await runCli(['start', '--port', 'ninety']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--port expects a port number 0-65535, got "ninety"');
  });
});

describe('outrider init', () => {
  it('writes outrider.yaml from the documented example and never overwrites it', async () => {
    const { dir } = configDir('');
    const target = join(dir, 'fresh');
    const first = await runCli(['init', '--config', join(target, 'outrider.yaml')]);
    expect(first.code).toBe(0);
    const written = readFileSync(join(target, 'outrider.yaml'), 'utf8');
    expect(written).toBe(readFileSync(new URL('../../../outrider.example.yaml', import.meta.url), 'utf8'));

    const second = await runCli(['init', '--config', join(target, 'outrider.yaml')]);
    expect(second.code).toBe(73);
    expect(second.stderr).toContain('already exists; it was not changed');
    expect(readFileSync(join(target, 'outrider.yaml'), 'utf8')).toBe(written);
  });

  it('finds an existing config in the folder instead of writing a second one', async () => {
    const { dir } = configDir('server: { port: 9999 }\n');
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(73);
    expect(existsSync(join(dir, 'outrider.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'outrider.yaml'), 'utf8')).toBe('server: { port: 9999 }\n');
  });
});
