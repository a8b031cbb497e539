import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

async function portFrom(files: Record<string, string>, path?: string) {
  const cwd = project(files);
  const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, ...(path ? { path } : {}) });
  await config.load();
  return { port: config.get('server.port'), file: config.file, cwd };
}

describe('config file discovery (cosmiconfig)', () => {
  it.each([
    ['outrider.yaml', 'server:\n  port: 1001\n'],
    ['outrider.config.yml', 'server:\n  port: 1001\n'],
    ['outrider.config.json', '{ "server": { "port": 1001 } }'],
    ['.outriderrc', 'server:\n  port: 1001\n'],
    ['.outriderrc.json', '{ "server": { "port": 1001 } }'],
    ['outrider.config.mjs', 'export default { server: { port: 1001 } };\n'],
    ['outrider.config.ts', 'const port: number = 1001;\nexport default { server: { port } };\n'],
    ['package.json', '{ "name": "app", "outrider": { "server": { "port": 1001 } } }'],
  ])('finds %s', async (name, text) => {
    const { port, file, cwd } = await portFrom({ [name]: text });
    expect(port).toBe(1001);
    expect(file).toBe(join(cwd, name));
  });

  it('skips a package.json without the property', async () => {
    const { port, file } = await portFrom({ 'package.json': '{ "name": "app" }' });
    expect(port).toBe(9464);
    expect(file).toBeUndefined();
  });

  it('loads an explicit path instead of searching', async () => {
    const { port, file, cwd } = await portFrom(
      { 'outrider.yaml': 'server:\n  port: 1001\n', 'other.yaml': 'server:\n  port: 2002\n' },
      'other.yaml',
    );
    expect(port).toBe(2002);
    expect(file).toBe(join(cwd, 'other.yaml'));
  });

  it('gives JSON values a line and column too', async () => {
    const cwd = project({ 'outrider.config.json': '{\n  "server": {\n    "port": 1001\n  }\n}\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    expect(config.describeSource('server.port')).toBe('outrider.config.json:3:5');
  });
});
