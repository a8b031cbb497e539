// 200k lines with 3 fields to a file, timed until the file holds every line: @outrider/logger vs raw
// pino (same destination mode) vs winston, in one run. Median of 3 rounds, variants interleaved.
// Run: node_modules/.bin/tsc -b packages/logger && node_modules/.bin/node packages/logger/bench/file.bench.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import pino from 'pino';
import winston from 'winston';
import { createLogger } from '../dist/index.js';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const ROUNDS = 5;
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

function pinoVariant(name: string, sync: boolean): Variant {
  return {
    name,
    make(file) {
      const stream = pino.destination({ dest: file, sync });
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

const winstonVariant: Variant = {
  name: 'winston File transport',
  make(file) {
    const transport = new winston.transports.File({ filename: file });
    const logger = winston.createLogger({ format: winston.format.json(), transports: [transport] });
    return {
      log: { info: (fields, message) => logger.info(message, fields) },
      done: () =>
        new Promise((resolve) => {
          transport.once('finish', () => resolve());
          logger.end();
        }),
    };
  },
};

const variants: Variant[] = [
  pinoVariant('pino, async destination (`sync: false`)', false),
  pinoVariant('pino, `sync: true`', true),
  winstonVariant,
  outriderVariant('@outrider/logger, mode `async` (redaction + trace on)', 'async'),
  outriderVariant('@outrider/logger, mode `sync` (redaction + trace on)', 'sync'),
  outriderVariant('@outrider/logger, mode `sync`, redaction + trace off', 'sync', {
    redact: { keys: false },
    trace: false,
  }),
  outriderVariant('@outrider/logger, mode `sync`, inside an active span', 'sync', {}, true),
  outriderVariant('@outrider/logger, default mode `buffered` (redaction + trace on)', 'buffered'),
];

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

for (const variant of variants) await once(variant, 5_000); // warm up
const results = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of variants) results.get(variant.name)?.push(await once(variant, LINES));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const rate = (name: string) => median(results.get(name) ?? [0]);

const pinoAsync = rate(variants[0]?.name as string);
const pinoSync = rate(variants[1]?.name as string);
const targets: Record<string, { base: number; baseName: string; min: number }> = {
  [variants[3]?.name as string]: { base: pinoAsync, baseName: 'pino async', min: 0.9 },
  [variants[4]?.name as string]: { base: pinoSync, baseName: 'pino sync', min: 0.9 },
  [variants[7]?.name as string]: { base: pinoAsync, baseName: 'pino async', min: 1.5 },
};

console.log(`${LINES} lines × 3 fields to a file, Node ${process.version}, median of ${ROUNDS}\n`);
console.log('| logger | lines/s | vs pino async | vs pino sync | target |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const variant of variants) {
  const value = rate(variant.name);
  const target = targets[variant.name];
  const verdict =
    target === undefined
      ? ''
      : `≥ ${target.min}× ${target.baseName}: ${value / target.base >= target.min ? 'met' : 'MISSED'}`;
  console.log(
    `| ${variant.name} | ${Math.round(value / 1000)}k | ${(value / pinoAsync).toFixed(2)}× | ${(value / pinoSync).toFixed(2)}× | ${verdict} |`,
  );
}
rmSync(dir, { recursive: true, force: true });
