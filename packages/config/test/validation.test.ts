import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { ConfigManager, type SourcedConfigProblem } from '../src/index.js';
import { project, schema } from './helpers.js';

describe('validation reports every problem with its source', () => {
  it('lists three wrong keys in one error, each with path, expectation, value and line', async () => {
    const cwd = project({
      'outrider.yaml': [
        'server:',
        '  host: 127.0.0.1',
        '  port: not-a-port',
        'log:',
        '  level: loud',
        'targets:',
        '  - url: 42',
      ].join('\n'),
    });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    const error = await config.load().catch((e: unknown) => e);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')).toBe(true);
    const { message, details } = error as { message: string; details: { problems: SourcedConfigProblem[] } };
    expect(message).toContain('outrider.yaml: config is invalid (3 problems)');
    expect(message).toContain('  - outrider.yaml:3:3: server.port: expected number, found "not-a-port"\n');
    expect(message).toContain(
      '  - outrider.yaml:5:3: log.level: expected one of "debug", "info", "warn", "error", found "loud"\n',
    );
    expect(message).toContain('  - outrider.yaml:7:5: targets.0.url: expected string, found 42');
    expect(details.problems.map((p) => p.path)).toEqual(['server.port', 'log.level', 'targets.0.url']);
    expect(details.problems[0]?.source).toMatchObject({ kind: 'file', line: 3, column: 3 });
  });

  it('points a missing required key at the file it is missing from', async () => {
    const cwd = project({ 'outrider.yaml': 'targets:\n  - interval: 5s\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await expect(config.load()).rejects.toThrow('outrider.yaml:2:5: targets.0.url: expected string, found nothing');
  });

  it('keeps the previous config untouched when a load fails', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  port: 1\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, overrides: {} });
    await config.load();
    const broken = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, overrides: { 'server.port': 'x' } });
    await expect(broken.load()).rejects.toThrow('  - override: server.port: expected number');
    expect(() => broken.getAll()).toThrow(/not loaded/);
    expect(config.get('server.port')).toBe(1);
  });
});
