import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

const EXAMPLE = '# Outrider config\nserver:\n  port: 9999\n';

describe('init() writes a config from the example template', () => {
  it('copies the example file when no config exists, and the result loads', async () => {
    const cwd = project({ 'outrider.example.yaml': EXAMPLE });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, exampleFile: 'outrider.example.yaml' });
    expect(await config.init()).toEqual({ created: true, path: join(cwd, 'outrider.yaml') });
    expect(readFileSync(join(cwd, 'outrider.yaml'), 'utf8')).toBe(EXAMPLE);
    await config.load();
    expect(config.get('server.port')).toBe(9999);
  });

  it('never overwrites an existing config, even one that does not parse', async () => {
    const cwd = project({ 'outrider.example.yaml': EXAMPLE, '.outriderrc.yaml': 'server: [broken' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, exampleFile: 'outrider.example.yaml' });
    expect(await config.init()).toEqual({ created: false, path: join(cwd, '.outriderrc.yaml') });
    expect(readFileSync(join(cwd, '.outriderrc.yaml'), 'utf8')).toBe('server: [broken');
  });

  it('leaves an explicit path alone when it exists', async () => {
    const cwd = project({ 'outrider.example.yaml': EXAMPLE });
    writeFileSync(join(cwd, 'mine.yaml'), 'log:\n  level: warn\n');
    const config = new ConfigManager({
      name: 'outrider',
      schema,
      cwd,
      env: {},
      path: 'conf/../mine.yaml',
      exampleFile: 'outrider.example.yaml',
    });
    expect((await config.init()).created).toBe(false);
    expect(readFileSync(join(cwd, 'mine.yaml'), 'utf8')).toBe('log:\n  level: warn\n');
  });

  it('writes the schema defaults when there is no example file', async () => {
    const cwd = project();
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, path: 'etc/outrider.yaml' });
    expect(await config.init()).toEqual({ created: true, path: join(cwd, 'etc', 'outrider.yaml') });
    expect(readFileSync(join(cwd, 'etc', 'outrider.yaml'), 'utf8')).toContain('port: 9464');
  });
});
