// 50k lines with 3 fields to a file, timed until the file holds every line: each @outrider/logger
// file mode against raw pino on the SAME sonic-boom settings (sync, async, and sync with the 4 KiB
// minLength of the default `buffered` mode), each measurement in a fresh process, the two sides
// alternating (A B, B A, …) for at least 5 rounds. Run after a build: npm run bench -w @outrider/logger
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import pino from 'pino';
import { childSide, compare, fresh, report, reportFromChild } from '../../../scripts/bench/harness.ts';
import { createLogger } from '../dist/index.js';

const LINES = Number(process.env.BENCH_LINES ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'outrider-logger-bench-'));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const span = trace.wrapSpanContext({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: 1,
});

interface Sink {
  info(fields: object, message: string): void;
}
interface Variant {
  name: string;
  /** Builds a logger on `file`; `done` resolves once everything is in the file. */
  make(file: string): { log: Sink; done(): Promise<void> };
  inSpan?: boolean;
}

/** The default `buffered` mode's sonic-boom settings (bufferBytes 4 KiB, flushInterval 1 s). */
const BUFFERED = { sync: true, minLength: 4096, periodicFlush: 1000 };

function pinoVariant(name: string, settings: { sync: boolean; minLength?: number; periodicFlush?: number }): Variant {
  return {
    name,
    make(file) {
      const stream = pino.destination({ dest: file, ...settings });
      return {
        log: pino(stream),
        done: () =>
          new Promise((resolve) => {
            stream.once('close', () => resolve());
            stream.end();
          }),
      };
    },
  };
}

function outriderVariant(
  name: string,
  mode: 'sync' | 'async' | 'buffered',
  extra: object = {},
  inSpan = false,
): Variant {
  return {
    name,
    inSpan,
    make(file) {
      const logger = createLogger({ console: false, file: { path: file, mode }, ...extra });
      return { log: logger, done: () => logger.stop() };
    },
  };
}

const variants: Record<string, Variant> = {
  'pino-async': pinoVariant('pino, async destination', { sync: false }),
  'pino-sync': pinoVariant('pino, `sync: true`', { sync: true }),
  'pino-buffered': pinoVariant('pino, `sync: true, minLength: 4096`', BUFFERED),
  async: outriderVariant('mode `async` (redaction + trace on)', 'async'),
  sync: outriderVariant('mode `sync` (redaction + trace on)', 'sync'),
  'sync-span': outriderVariant('mode `sync`, inside an active span', 'sync', {}, true),
  buffered: outriderVariant('default mode `buffered` (redaction + trace on)', 'buffered'),
};

function lineCount(file: string): number {
  const text = readFileSync(file, 'utf8');
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

async function once(variant: Variant, lines: number): Promise<number> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.log`);
  const { log, done } = variant.make(file);
  const write = () => {
    for (let i = 0; i < lines; i++) log.info({ a: i, b: 'two', c: true }, 'hello world');
  };
  const start = performance.now();
  if (variant.inSpan) context.with(trace.setSpan(context.active(), span), write);
  else write();
  await done();
  // Counted only once the file really holds every line.
  while (lineCount(file) < lines) await new Promise((resolve) => setTimeout(resolve, 1));
  const elapsed = performance.now() - start;
  rmSync(file, { force: true });
  return lines / (elapsed / 1000);
}

const side = childSide();
if (side !== undefined) {
  const variant = variants[side];
  if (variant === undefined) throw new Error(`unknown variant ${side}`);
  await once(variant, 5_000); // warm up
  const rate = await once(variant, LINES);
  rmSync(dir, { recursive: true, force: true });
  reportFromChild(rate);
}
rmSync(dir, { recursive: true, force: true });

const file = import.meta.filename;
const pair = (ours: string, anchor: string) => ({
  ours: fresh(file, ours),
  anchor: fresh(file, anchor),
  rounds: 5,
  warmUp: false,
  unit: 'lines/s',
});
const rows = [
  await compare({
    row: 'default mode `buffered` (redaction + trace on)',
    anchorName: 'pino, same settings (`sync`, `minLength` 4 KiB)',
    goal: { on: 'ratio', op: '>=', value: 0.9 },
    ...pair('buffered', 'pino-buffered'),
  }),
  await compare({
    row: 'mode `async` (redaction + trace on)',
    anchorName: 'pino, async destination',
    goal: { on: 'ratio', op: '>=', value: 0.9 },
    ...pair('async', 'pino-async'),
  }),
  await compare({
    row: 'mode `sync` (redaction + trace on)',
    anchorName: 'pino, `sync: true`',
    goal: { on: 'ratio', op: '>=', value: 0.9 },
    ...pair('sync', 'pino-sync'),
  }),
  await compare({
    row: 'mode `sync`, inside an active span (longer lines)',
    anchorName: 'pino, `sync: true`',
    ...pair('sync-span', 'pino-sync'),
  }),
  // What the default buys in speed over the modes without a buffer; its crash behaviour is in the README.
  await compare({
    row: 'default `buffered` against pino async',
    anchorName: 'pino, async destination',
    ...pair('buffered', 'pino-async'),
  }),
];
report(`@outrider/logger: ${LINES.toLocaleString('en')} lines × 3 fields to a file, until the file holds them`, rows);
