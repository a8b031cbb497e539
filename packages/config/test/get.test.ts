import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

describe('get() and getAll()', () => {
  it('reads dot paths typed from the schema', async () => {
    const cwd = project({ 'outrider.yaml': 'targets:\n  - url: http://a.test/\nplugins:\n  app:\n    use: process\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    const port = config.get('server.port');
    expectTypeOf(port).toEqualTypeOf<number>();
    expectTypeOf(config.get('log.level')).toEqualTypeOf<'debug' | 'info' | 'warn' | 'error'>();
    expectTypeOf(config.get('targets.0.url')).toEqualTypeOf<string | undefined>();
    expectTypeOf(config.get('plugins.app')).toEqualTypeOf<{ use?: string | undefined; enabled: boolean } | undefined>();
    // @ts-expect-error not a path of the schema
    config.get('server.nope');
    expect(port).toBe(9464);
    expect(config.get('targets.0.url')).toBe('http://a.test/');
    expect(config.get('targets.0.interval')).toBe(31_000);
    expect(config.get('plugins.app')).toEqual({ use: 'process', enabled: true });
    expect(config.get('plugins.missing' as 'plugins.app')).toBeUndefined();
  });

  it('returns a frozen config that callers cannot change', async () => {
    const config = new ConfigManager({ name: 'outrider', schema, cwd: project(), env: {} });
    const all = await config.load();
    expect(config.getAll()).toBe(all);
    expect(Object.isFrozen(all.server)).toBe(true);
    expect(() => {
      (all.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('throws before load()', () => {
    const config = new ConfigManager({ name: 'outrider', schema, cwd: project(), env: {} });
    expect(() => config.get('server.port')).toThrow('config "outrider" is not loaded: call load() first');
  });
});
