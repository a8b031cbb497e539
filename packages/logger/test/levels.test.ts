import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

describe('levels change at runtime, per module', () => {
  it('applies a module level to its existing and future loggers only', async () => {
    const file = join(tempDir(), 'levels.log');
    const logger = createLogger({ console: false, file, level: 'info', modules: { db: { level: 'warn' } } });
    const timer = logger.child({ module: 'timer' });
    const timerRequest = timer.child({ request: 1 });
    const db = logger.child({ module: 'db' });

    timer.debug('timer debug before');
    db.info('db info before');
    logger.setLevel('timer', 'debug');
    timer.debug('timer debug after');
    timerRequest.debug('timer request debug after');
    logger.child({ module: 'timer' }).debug('new timer logger debug');
    db.info('db info still dropped');
    logger.debug('root debug still dropped');
    logger.setLevel('db', undefined);
    db.info('db info follows default');
    logger.setLevel('error');
    logger.info('root info dropped');
    timer.debug('timer keeps its own level');
    expect(logger.getLevels()).toEqual({ default: 'error', modules: { timer: 'debug' } });
    await logger.stop();

    expect(readLines(file).map((line) => line.msg)).toEqual([
      'timer debug after',
      'timer request debug after',
      'new timer logger debug',
      'db info follows default',
      'timer keeps its own level',
    ]);
  });

  it('works from any child and applies to module file loggers', async () => {
    const dir = tempDir();
    const logger = createLogger({ console: false, modules: { timer: { file: join(dir, 't.log') } } });
    const timer = logger.child({ module: 'timer' });
    timer.debug('dropped');
    timer.setLevel('timer', 'debug');
    timer.debug('kept');
    await logger.stop();
    expect(readLines(join(dir, 't.log')).map((line) => line.msg)).toEqual(['kept']);
  });

  it('rejects an unknown level with a specific error', () => {
    const logger = createLogger({ console: false, flushOnExit: false });
    expect(() => logger.setLevel('timer', 'loud' as 'info')).toThrow(/unknown log level "loud"/);
    expect(() => createLogger({ console: false, level: 'verbose' as 'info' })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
    );
  });
});
