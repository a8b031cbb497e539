import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

describe('redaction', () => {
  it('hides secret-looking keys at any depth by default, without touching the caller object', async () => {
    const file = join(tempDir(), 'redact.log');
    const logger = createLogger({ console: false, file });
    const payload = {
      user: 'kim',
      password: 'pw1',
      db: { connection: { dbPassword: 'pw2', host: 'db' } },
      headers: [{ Authorization: 'Bearer abc', Cookie: 'sid=1', accept: 'json' }],
      apiToken: 'tok',
      clientSecret: 'sec',
    };
    logger.info(payload, 'login');
    logger.child({ module: 'auth', token: 'child-binding-token' }).info('bound');
    await logger.stop();

    const [line, bound] = readLines(file);
    expect(line).toMatchObject({
      user: 'kim',
      password: '***',
      db: { connection: { dbPassword: '***', host: 'db' } },
      headers: [{ Authorization: '***', Cookie: '***', accept: 'json' }],
      apiToken: '***',
      clientSecret: '***',
    });
    expect(bound).toMatchObject({ module: 'auth', token: '***' });
    expect(payload.password).toBe('pw1');
    expect(payload.headers[0]?.Authorization).toBe('Bearer abc');
  });

  it('redacts configured paths too, and the key rule can be turned off', async () => {
    const file = join(tempDir(), 'paths.log');
    const logger = createLogger({
      console: false,
      file,
      redact: { paths: ['card.number', 'users[*].ssn'], keys: false, censor: '[hidden]' },
    });
    logger.info({ card: { number: '4111', brand: 'visa' }, users: [{ ssn: '1', name: 'a' }], password: 'visible' });
    await logger.stop();
    expect(readLines(file)[0]).toMatchObject({
      card: { number: '[hidden]', brand: 'visa' },
      users: [{ ssn: '[hidden]', name: 'a' }],
      password: 'visible',
    });
  });
});
