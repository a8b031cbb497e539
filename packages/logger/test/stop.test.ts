import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

describe('stop() and flushSync()', () => {
  it('buffers small writes, and stop() flushes them', async () => {
    const file = join(tempDir(), 'buffered.log');
    const logger = createLogger({ console: false, file });
    logger.info('one');
    logger.info('two');
    // Buffered mode holds lines under the buffer size (4 KiB) until a flush.
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').toBe('');
    await logger.stop();
    expect(readLines(file).map((line) => line.msg)).toEqual(['one', 'two']);
  });

  it('flushSync() writes buffered lines at once', async () => {
    const file = join(tempDir(), 'flush.log');
    const logger = createLogger({ console: false, file });
    logger.info('now');
    logger.flushSync();
    expect(readLines(file).map((line) => line.msg)).toEqual(['now']);
    await logger.stop();
  });

  it("flushes buffered lines every flushInterval, given as '20ms'", async () => {
    const file = join(tempDir(), 'interval.log');
    const logger = createLogger({ console: false, file: { path: file, flushInterval: '20ms' } });
    logger.info('soon');
    await vi.waitFor(() => expect(readLines(file).map((line) => line.msg)).toEqual(['soon']), { timeout: 10_000 });
    await logger.stop();
  });

  it('rejects a flushInterval that is not a duration, naming it', () => {
    const file = join(tempDir(), 'bad.log');
    expect(() => createLogger({ console: false, file: { path: file, flushInterval: '1 second' as never } })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'file.flushInterval' } }),
    );
  });

  it('drops lines after stop instead of throwing, and stop is idempotent', async () => {
    const file = join(tempDir(), 'after.log');
    const logger = createLogger({ console: false, file });
    const child = logger.child({ module: 'late' });
    logger.info('before');
    await Promise.all([logger.stop(), logger.stop()]);
    expect(() => child.error('after stop')).not.toThrow();
    expect(() => logger.child({ module: 'new' }).error('after stop')).not.toThrow();
    await logger.stop();
    expect(readLines(file).map((line) => line.msg)).toEqual(['before']);
  });
});
