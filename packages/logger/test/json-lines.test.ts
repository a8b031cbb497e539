import { join } from 'node:path';
import { type Logger, ModuleManager } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { captureConsole, readLines, tempDir } from './helpers.js';

describe('JSON lines to console and file at once', () => {
  it('writes every line to both, with name and module', async () => {
    const file = join(tempDir(), 'app.log');
    const console = captureConsole(false);
    const logger = createLogger({ name: 'app', console: { destination: console }, file });
    const timer = logger.child({ module: 'timer' });
    logger.info({ port: 9464 }, 'listening');
    timer.warn('tick late');
    await logger.stop();

    const lines = readLines(file);
    expect(lines).toMatchObject([
      { level: 30, name: 'app', port: 9464, msg: 'listening' },
      { level: 40, name: 'app', module: 'timer', msg: 'tick late' },
    ]);
    expect(
      console
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['listening', 'tick late']);
  });

  it('is a core Logger: the module manager logs through it', async () => {
    const file = join(tempDir(), 'core.log');
    const logger = createLogger({ console: false, file, level: 'debug' });
    const coreLogger: Logger = logger;
    const manager = new ModuleManager({ logger: coreLogger, healthCheckInterval: 0 });
    let log: Logger = coreLogger;
    manager.register({
      name: 'greeter',
      status: 'registered',
      initialize(ctx) {
        log = ctx.logger;
      },
      start() {
        log.info({ greeting: 'hi' }, 'started');
      },
      stop() {},
    });
    await manager.startAll();
    await manager.stopAll();
    await logger.stop();
    expect(readLines(file)).toContainEqual(expect.objectContaining({ greeting: 'hi', msg: 'started' }));
  });

  it('filters lines below the level', async () => {
    const file = join(tempDir(), 'level.log');
    const logger = createLogger({ console: false, file, level: 'warn' });
    logger.info('dropped');
    logger.error('kept');
    await logger.stop();
    expect(readLines(file).map((line) => line.msg)).toEqual(['kept']);
  });
});
