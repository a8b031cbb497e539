import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

describe('per-module files', () => {
  it('sends a module to its own file as well as the shared one, creating directories', async () => {
    const dir = tempDir();
    const logger = createLogger({
      console: false,
      file: join(dir, 'logs', 'app.log'),
      modules: { timer: { file: join(dir, 'logs', 'modules', 'timer.log') }, room: { file: join(dir, 'room.log') } },
    });
    const timer = logger.child({ module: 'timer' });
    const request = logger.child({ requestId: 'r1' });
    timer.info('타이머 시작 — 25분 집중');
    request.child({ module: 'room' }).info({ 참가자: '김철수' }, '방 입장');
    logger.info('shared only');
    await logger.stop();

    expect(existsSync(join(dir, 'logs', 'modules'))).toBe(true);
    expect(readLines(join(dir, 'logs', 'modules', 'timer.log'))).toMatchObject([
      { module: 'timer', msg: '타이머 시작 — 25분 집중' },
    ]);
    expect(readLines(join(dir, 'room.log'))).toMatchObject([
      { module: 'room', requestId: 'r1', 참가자: '김철수', msg: '방 입장' },
    ]);
    expect(readLines(join(dir, 'logs', 'app.log')).map((line) => line.msg)).toEqual([
      '타이머 시작 — 25분 집중',
      '방 입장',
      'shared only',
    ]);
  });

  it('gives grandchildren of a module the module binding and file', async () => {
    const dir = tempDir();
    const logger = createLogger({ console: false, modules: { jobs: { file: join(dir, 'jobs.log') } } });
    logger.child({ module: 'jobs' }).child({ job: 'aggregate' }).info('ran');
    await logger.stop();
    expect(readLines(join(dir, 'jobs.log'))).toMatchObject([{ module: 'jobs', job: 'aggregate', msg: 'ran' }]);
  });
});
