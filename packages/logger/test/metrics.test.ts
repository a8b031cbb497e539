import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { tempDir } from './helpers.js';

describe('metrics', () => {
  it('counts lines by logger and level when a registry is given', async () => {
    const registry = new Registry();
    const logger = createLogger({ name: 'api', console: false, file: join(tempDir(), 'm.log'), registry });
    logger.info('a');
    logger.child({ module: 'db' }).info('b');
    logger.error('c');
    logger.debug('below level: not written, not counted');
    await logger.stop();
    const text = await registry.metrics();
    expect(text).toContain('outrider_log_lines_total{logger="api",level="info"} 2');
    expect(text).toContain('outrider_log_lines_total{logger="api",level="error"} 1');
    expect(text).not.toContain('level="debug"} 1');
  });
});
