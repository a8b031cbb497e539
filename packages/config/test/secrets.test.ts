import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema, unexpected } from './helpers.js';

describe('secret fields', () => {
  it('are redacted in print(), redacted() and secretPaths() names them', async () => {
    const cwd = project({ 'outrider.yaml': 'admin:\n  token: hunter2-token\nserver:\n  port: 8000\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    expect(config.get('admin.token')).toBe('hunter2-token');
    expect(config.print()).toContain('token: "***"');
    expect(config.print()).not.toContain('hunter2');
    expect(JSON.stringify(config.redacted())).not.toContain('hunter2');
    expect(config.secretPaths()).toEqual(['admin.token']);
  });

  it('print({ sources: true }) annotates values with where they came from', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  port: 8000\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: { OUTRIDER_LOG__LEVEL: 'warn' } });
    await config.load();
    const printed = config.print({ sources: true });
    expect(printed).toContain('port: 8000 # outrider.yaml:2:3');
    expect(printed).toContain('level: warn # env OUTRIDER_LOG__LEVEL');
    expect(printed).toMatch(/host: 127\.0\.0\.1\n/);
  });

  it('are redacted in validation errors', async () => {
    const cwd = project({ 'outrider.yaml': 'admin:\n  token: 12345678\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    const error = await config.load().then(unexpected, (e: unknown) => e as Error);
    expect(error.message).toContain('admin.token: expected string, got *** (outrider.yaml:2:3)');
    expect(error.message).not.toContain('12345678');
    expect(JSON.stringify(error)).not.toContain('12345678');
  });
});
