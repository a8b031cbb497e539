import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

async function failure(cwd: string, path?: string) {
  const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, ...(path ? { path } : {}) });
  return (await config.load().catch((e: unknown) => e)) as Error & { code: string; details: Record<string, unknown> };
}

describe('bad config files get specific errors', () => {
  it('a non-existent explicit path is OUTRIDER_CONFIG_NOT_FOUND', async () => {
    const cwd = project();
    const error = await failure(cwd, 'missing.yaml');
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_NOT_FOUND')).toBe(true);
    expect(error.message).toBe(`config file ${join(cwd, 'missing.yaml')} does not exist`);
  });

  it('a path that is a directory is OUTRIDER_CONFIG_UNREADABLE', async () => {
    const cwd = project();
    mkdirSync(join(cwd, 'conf.yaml'));
    const error = await failure(cwd, 'conf.yaml');
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_UNREADABLE')).toBe(true);
    expect(error.message).toContain('is not a regular file');
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission is OUTRIDER_CONFIG_UNREADABLE', async () => {
    const cwd = project({ 'outrider.yaml': 'server: {}\n' });
    chmodSync(join(cwd, 'outrider.yaml'), 0o000);
    const error = await failure(cwd, 'outrider.yaml');
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_UNREADABLE')).toBe(true);
    expect(error.message).toContain('EACCES');
  });

  it.runIf(process.platform === 'linux')(
    'a file whose read fails is OUTRIDER_CONFIG_UNREADABLE with the reason',
    async () => {
      // /proc/self/mem is a regular file that every read fails on, even for root.
      const error = await failure(project(), '/proc/self/mem');
      expect(isOutriderError(error, 'OUTRIDER_CONFIG_UNREADABLE')).toBe(true);
      expect(error.message).toBe('config file /proc/self/mem cannot be read (EIO)');
    },
  );

  it('a YAML syntax error is OUTRIDER_CONFIG_SYNTAX with line and column', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  host: a\n  port: [1, 2\nlog:\n  level: info\n' });
    const error = await failure(cwd);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_SYNTAX')).toBe(true);
    expect(error.message).toMatch(/outrider\.yaml:\d+:\d+: /);
    expect(error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) })]),
    );
  });

  it('a duplicate key is reported at its position', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  port: 1\n  port: 2\n' });
    const error = await failure(cwd);
    expect(error.code).toBe('OUTRIDER_CONFIG_SYNTAX');
    expect(error.message).toContain('outrider.yaml:3:3: Map keys must be unique');
  });

  it('a JS config that throws is OUTRIDER_CONFIG_SYNTAX naming the file', async () => {
    const cwd = project({ 'outrider.config.mjs': 'throw new Error("boom");\n' });
    const error = await failure(cwd);
    expect(error.code).toBe('OUTRIDER_CONFIG_SYNTAX');
    expect(error.message).toContain('outrider.config.mjs: cannot load .mjs: boom');
  });
});
