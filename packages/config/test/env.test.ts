import { isOutriderError } from '@outrider/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigManager, secret } from '../src/index.js';
import { project, schema, unexpected } from './helpers.js';

const set: string[] = [];
function setEnv(vars: Record<string, string>): void {
  for (const [key, value] of Object.entries(vars)) {
    process.env[key] = value;
    set.push(key);
  }
}
afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key];
});

async function load() {
  const config = new ConfigManager({ name: 'outrider', schema, cwd: project(), envPrefix: 'ENVTEST' });
  await config.load();
  return config;
}

describe('environment variables', () => {
  it('parses each value as its field type, with __ between levels', async () => {
    setEnv({
      ENVTEST_SERVER__PORT: '9465',
      ENVTEST_LOG__PRETTY: 'yes',
      ENVTEST_CACHE__TTL: '31s',
      ENVTEST_CACHE__MAX_ENTRIES: '50',
      ENVTEST_TARGETS: '[{"url":"http://127.0.0.1:3000/health","interval":"1m"}]',
      ENVTEST_PLUGINS__OTLP__ENABLED: 'false',
      ENVTEST_UNRELATED_THING: 'ignored',
    });
    const config = await load();
    expect(config.get('server.port')).toBe(9465);
    expect(config.get('log.pretty')).toBe(true);
    expect(config.get('cache.ttl')).toBe(31_000);
    expect(config.get('cache.maxEntries')).toBe(50);
    expect(config.get('targets')).toEqual([{ url: 'http://127.0.0.1:3000/health', interval: 60_000 }]);
    expect(config.get('plugins.otlp')).toEqual({ enabled: false });
    expect(config.describeSource('targets.0.url')).toBe('env ENVTEST_TARGETS');
  });

  it('names every variable that does not parse, in one error', async () => {
    setEnv({ ENVTEST_SERVER__PORT: 'ninety', ENVTEST_LOG__PRETTY: 'maybe', ENVTEST_TARGETS: '[oops' });
    const error = await load().catch((e: unknown) => e);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_ENV_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('  - env ENVTEST_SERVER__PORT: server.port: expected a number, found "ninety"\n');
    expect(message).toContain('  - env ENVTEST_LOG__PRETTY: log.pretty: expected a boolean');
    expect(message).toContain('  - env ENVTEST_TARGETS: targets: expected JSON, found "[oops"');
  });

  it('reads a duration variable of digits alone as ms, like a number in the file', async () => {
    setEnv({ ENVTEST_CACHE__TTL: '31000' });
    expect((await load()).get('cache.ttl')).toBe(31_000);
  });

  it('rejects a duration that does not parse', async () => {
    setEnv({ ENVTEST_CACHE__TTL: 'soon' });
    await expect(load()).rejects.toThrow(/env ENVTEST_CACHE__TTL: cache\.ttl: expected a duration/);
  });

  it('does not echo the value of a secret variable', async () => {
    const config = new ConfigManager({
      name: 'outrider',
      schema: schema.extend({ db: z.object({ url: secret(z.object({ host: z.string() }).optional()) }).prefault({}) }),
      cwd: project(),
      env: { ENVTEST_DB__URL: '{not json hunter2' },
      envPrefix: 'ENVTEST',
    });
    const error = await config.load().then(unexpected, (e: unknown) => e as Error);
    expect(error.message).toContain('ENVTEST_DB__URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a value that parses but breaks the schema with the variable as its source', async () => {
    setEnv({ ENVTEST_SERVER__PORT: '70000' });
    const error = await load().then(unexpected, (e: unknown) => e as Error);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')).toBe(true);
    expect(error.message).toContain(
      '  - env ENVTEST_SERVER__PORT: server.port: expected a number <= 65535, found 70000',
    );
  });
});
