// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are config text with ${VAR} references
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema, unexpected } from './helpers.js';

describe('${ENV} interpolation and secretFile references', () => {
  it('replaces ${VAR} and ${VAR:-fallback} inside file values', async () => {
    const cwd = project({
      'outrider.yaml': [
        'server:',
        '  host: ${INTERP_HOST}',
        'targets:',
        '  - url: http://${INTERP_HOST}:${INTERP_PORT:-3000}/health',
        '  - url: http://example.com/$${literal}',
      ].join('\n'),
    });
    process.env.INTERP_HOST = '10.1.2.3';
    try {
      const config = new ConfigManager({ name: 'outrider', schema, cwd });
      await config.load();
      expect(config.get('server.host')).toBe('10.1.2.3');
      expect(config.get('targets.0.url')).toBe('http://10.1.2.3:3000/health');
      expect(config.get('targets.1.url')).toBe('http://example.com/${literal}');
    } finally {
      delete process.env.INTERP_HOST;
    }
  });

  it('drops a value that is only an unset ${VAR}, so its default applies', async () => {
    const cwd = project({
      'outrider.yaml': 'admin:\n  token: ${INTERP_UNSET_TOKEN}\nserver:\n  host: ${INTERP_UNSET_HOST}\n',
    });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    expect(config.get('admin.token')).toBeUndefined();
    expect(config.get('server.host')).toBe('127.0.0.1');
  });

  it('reads secretFile references relative to the config file', async () => {
    const cwd = project({ 'outrider.yaml': 'admin:\n  token:\n    secretFile: secrets/token\n' });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(cwd, 'secrets'));
    writeFileSync(join(cwd, 'secrets', 'token'), 's3cr3t-value\n');
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    expect(config.get('admin.token')).toBe('s3cr3t-value');
  });

  it('reports a missing secretFile as unreadable, naming the key', async () => {
    const cwd = project({ 'outrider.yaml': 'admin:\n  token:\n    secretFile: /nonexistent/token\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    const error = await config.load().then(unexpected, (e: unknown) => e as Error);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_UNREADABLE')).toBe(true);
    expect(error.message).toContain('admin.token: cannot read secretFile /nonexistent/token (ENOENT)');
  });
});
