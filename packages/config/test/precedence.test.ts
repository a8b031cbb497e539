import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

describe('source precedence: overrides > environment > file > defaults', () => {
  it('takes defaults from the schema when nothing else is given', async () => {
    const config = new ConfigManager({ name: 'outrider', schema, cwd: project(), env: {} });
    await config.load();
    expect(config.get('server.port')).toBe(9464);
    expect(config.get('cache.ttl')).toBe(300_000);
    expect(config.describeSource('server.port')).toBe('default');
  });

  it('layers file, environment and overrides, highest first', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  host: 0.0.0.0\n  port: 8000\nlog:\n  level: warn\n' });
    process.env.PRECEDENCE_SERVER__PORT = '9000';
    process.env.PRECEDENCE_LOG__LEVEL = 'debug';
    try {
      const config = new ConfigManager({
        name: 'outrider',
        schema,
        cwd,
        envPrefix: 'PRECEDENCE',
        overrides: { 'log.level': 'error' },
      });
      await config.load();
      expect(config.get('server.host')).toBe('0.0.0.0');
      expect(config.get('server.port')).toBe(9000);
      expect(config.get('log.level')).toBe('error');
      expect(config.describeSource('server.host')).toBe('outrider.yaml:2:3');
      expect(config.describeSource('server.port')).toBe('env PRECEDENCE_SERVER__PORT');
      expect(config.describeSource('log.level')).toBe('override');
      expect(config.describeSource('cache.maxEntries')).toBe('default');
    } finally {
      delete process.env.PRECEDENCE_SERVER__PORT;
      delete process.env.PRECEDENCE_LOG__LEVEL;
    }
  });

  it('merges nested overrides into the file instead of replacing whole objects', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  host: 10.0.0.1\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, overrides: { server: { port: 1234 } } });
    await config.load();
    expect(config.getAll().server).toEqual({ host: '10.0.0.1', port: 1234 });
  });
});
