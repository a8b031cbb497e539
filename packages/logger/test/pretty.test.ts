import { describe, expect, it } from 'vitest';
import { consoleFormat, createLogger } from '../src/index.js';
import { captureConsole } from './helpers.js';

describe('pretty output in a terminal', () => {
  it('chooses pretty for a terminal unless told otherwise, JSON everywhere else', () => {
    expect(consoleFormat(undefined, true)).toBe('pretty');
    expect(consoleFormat(undefined, false)).toBe('json');
    expect(consoleFormat(undefined, undefined)).toBe('json');
    expect(consoleFormat(false, true)).toBe('json');
    expect(consoleFormat(true, false)).toBe('pretty');
  });

  it('writes human-readable lines to a stream that is a TTY', async () => {
    const terminal = captureConsole(true);
    const logger = createLogger({ console: { destination: terminal }, flushOnExit: false });
    logger.child({ module: 'timer' }).info({ room: 'a' }, 'session started');
    await logger.stop();
    const text = terminal.text();
    expect(text).toContain('session started');
    expect(text).toContain('INFO');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('writes JSON to a stream that is not a TTY', async () => {
    const pipe = captureConsole(false);
    const logger = createLogger({ console: { destination: pipe }, flushOnExit: false });
    logger.info('plain');
    await logger.stop();
    expect(JSON.parse(pipe.text())).toMatchObject({ msg: 'plain' });
  });
});
