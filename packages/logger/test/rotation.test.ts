import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

describe('rotation (pino-roll)', () => {
  it('starts a new file past the size limit and keeps only the newest ones', async () => {
    const dir = join(tempDir(), 'logs');
    const logger = createLogger({
      console: false,
      file: { path: join(dir, 'app.log'), rotate: { size: '1k', keep: 2 } },
    });
    await logger.ready;
    for (let i = 0; i < 60; i++) {
      logger.info({ i, pad: 'x'.repeat(60) }, 'rotating');
      // Rotation happens between writes, once the stream has drained.
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await logger.stop();
    const files = readdirSync(dir).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    const all = files.flatMap((name) => readLines(join(dir, name)));
    expect(all.at(-1)).toMatchObject({ i: 59 });
  });

  it('starts a new file when the period ends', async () => {
    const dir = join(tempDir(), 'timed');
    const logger = createLogger({
      console: false,
      file: { path: join(dir, 'app.log'), rotate: { frequency: '100ms' } },
    });
    logger.info('first period');
    await logger.ready;
    await new Promise((resolve) => setTimeout(resolve, 250));
    logger.info('later period');
    await logger.stop();
    const files = readdirSync(dir).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(readLines(join(dir, files[0] as string)).map((line) => line.msg)).toEqual(['first period']);
  });

  it('holds lines written before the file opens, in order', async () => {
    const dir = join(tempDir(), 'early');
    const logger = createLogger({ console: false, file: { path: join(dir, 'app.log'), rotate: { size: '10m' } } });
    logger.info('a');
    logger.info('b');
    await logger.stop();
    const [file] = readdirSync(dir);
    expect(readLines(join(dir, file as string)).map((line) => line.msg)).toEqual(['a', 'b']);
  });
});
