import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { readLines, tempDir } from './helpers.js';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

describe('trace correlation', () => {
  it('adds trace_id and span_id of the active span to every line, across awaits', async () => {
    const file = join(tempDir(), 'trace.log');
    const logger = createLogger({ console: false, file });
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    logger.info('before');
    await context.with(trace.setSpan(context.active(), span), async () => {
      logger.info({ step: 1 }, 'inside');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ module: 'db' }).info('inside after await');
    });
    logger.info('after');
    await logger.stop();

    const lines = readLines(file);
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({
      step: 1,
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
    expect(lines[2]).toMatchObject({ module: 'db', trace_id: '0af7651916cd43dd8448eb211c80319c' });
    expect(lines[3]).not.toHaveProperty('span_id');
  });

  it('ignores an invalid span context and can be turned off', async () => {
    const file = join(tempDir(), 'off.log');
    const logger = createLogger({ console: false, file, trace: false });
    const invalidFile = join(tempDir(), 'invalid.log');
    const invalid = createLogger({ console: false, file: invalidFile });
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    const zero = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    context.with(trace.setSpan(context.active(), span), () => logger.info('no trace wanted'));
    context.with(trace.setSpan(context.active(), zero), () => invalid.info('invalid span'));
    await logger.stop();
    await invalid.stop();
    expect(readLines(file)[0]).not.toHaveProperty('trace_id');
    expect(readLines(invalidFile)[0]).toMatchObject({ msg: 'invalid span' });
    expect(readLines(invalidFile)[0]).not.toHaveProperty('trace_id');
  });
});
