import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigManager, secret, secretUrl } from '../src/index.js';
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
    expect(error.message).toContain('outrider.yaml:2:3: admin.token: expected string, found ***');
    expect(error.message).not.toContain('12345678');
    expect(JSON.stringify(error)).not.toContain('12345678');
  });
});

describe('secretUrl fields', () => {
  const urlSchema = z.object({
    endpoint: secretUrl(z.string()).optional(),
    headers: z.record(z.string(), secret(z.string())).default({}),
    jobs: z
      .record(
        z.string(),
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('http'), url: secretUrl(z.url()), body: secret(z.string()).optional() }),
          z.object({ kind: z.literal('command'), env: z.record(z.string(), secret(z.string())).default({}) }),
        ]),
      )
      .default({}),
  });

  it('mask userinfo and credential-like query parameters, and keep the rest readable', async () => {
    const cwd = project({
      'app.yaml': [
        'endpoint: https://alice:s3cret-pw@collector.example:4318/otlp?api_key=k-123&region=eu&access_token=t-456',
        'headers:',
        '  x-api-key: hdr-789',
        'jobs:',
        '  ping:',
        '    kind: http',
        '    url: http://bob:pw-000@svc:80/ping?password=pw-111',
        '    body: body-222',
        '  sweep:',
        '    kind: command',
        '    env:',
        '      DB_PASSWORD: env-333',
        '',
      ].join('\n'),
    });
    const config = new ConfigManager({ name: 'app', schema: urlSchema, cwd, env: {} });
    await config.load();
    const shown = JSON.stringify(config.redacted());
    for (const secretText of [
      's3cret-pw',
      'alice',
      'k-123',
      't-456',
      'hdr-789',
      'pw-000',
      'pw-111',
      'body-222',
      'env-333',
    ]) {
      expect(shown).not.toContain(secretText);
    }
    expect(config.redacted()).toMatchObject({
      endpoint: 'https://***@collector.example:4318/otlp?api_key=***&region=eu&access_token=***',
      headers: { 'x-api-key': '***' },
      jobs: { ping: { url: 'http://***@svc/ping?password=***', body: '***' }, sweep: { env: { DB_PASSWORD: '***' } } },
    });
    expect(config.secretPaths()).toEqual(['headers.*', 'jobs.*.body', 'jobs.*.env.*']);
  });

  it('are masked in validation and environment errors', async () => {
    const cwd = project({ 'app.yaml': 'endpoint: 12\n' });
    const schemaWithNumber = z.object({ endpoint: secretUrl(z.url()).optional(), port: z.number().optional() });
    const config = new ConfigManager({
      name: 'app',
      schema: schemaWithNumber,
      cwd,
      env: { APP_PORT: 'x' },
    });
    const envError = await config.load().then(unexpected, (e: unknown) => e as Error);
    expect(envError.message).toContain('APP_PORT');
    const bad = project({ 'app.yaml': 'endpoint: "http://u:pw-444@ho st/?token=tk-555"\n' });
    const invalid = new ConfigManager({ name: 'app', schema: schemaWithNumber, cwd: bad, env: {} });
    const error = await invalid.load().then(unexpected, (e: unknown) => e as Error);
    expect(error.message).toContain('endpoint:');
    expect(JSON.stringify({ message: error.message, details: (error as { details?: unknown }).details })).not.toMatch(
      /pw-444|tk-555/,
    );
  });
});

describe('an empty config file', () => {
  it.each([
    ['empty', ''],
    ['comments only', '# nothing here\n\n'],
  ])('(%s) is a validation error with a position, not the defaults', async (_name, text) => {
    const cwd = project({ 'outrider.yaml': text });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    const error = await config.load().then(unexpected, (e: unknown) => e as Error & { code: string });
    expect(error.code).toBe('OUTRIDER_CONFIG_INVALID');
    expect(error.message).toMatch(/outrider\.yaml:1:1: the config file is empty/);
  });
});
