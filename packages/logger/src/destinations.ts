import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Duration, parseDuration } from '@outrider/core';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';

/** pino-pretty (CommonJS, 30 files) is required only when a console asks for pretty lines. */
const prettyFactory: typeof PinoPretty.prettyFactory = (options) =>
  (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty).prettyFactory(options);

/** pino's file stream (a sonic-boom), with the state its types leave out. */
type SonicBoom = ReturnType<typeof pino.destination> & { destroyed?: boolean; fd?: number };

/**
 * How a file is written:
 * - `buffered` (default): synchronous writes of up to `bufferBytes` at a time, flushed on a timer, on
 *   `stop()`, on exit, on fatal errors and on SIGTERM/SIGINT/SIGHUP. Only a SIGKILL or a power cut can
 *   lose the last buffer (at most `bufferBytes` or `flushInterval` of lines).
 * - `sync`: every line is written before the log call returns (pino `sync: true`); nothing is ever lost.
 * - `async`: pino's asynchronous destination (`sync: false`).
 */
export type FileMode = 'buffered' | 'sync' | 'async';

export interface RotateOptions {
  /** Start a new file past this size: a number of MB or `'10k'`, `'10m'`, `'1g'`. */
  size?: string | number;
  /** Start a new file every day, hour, or this often (`'15m'`, ms). */
  frequency?: 'daily' | 'hourly' | Duration;
  /** How many rotated files to keep besides the current one. */
  keep?: number;
}

export interface FileOptions {
  path: string;
  mode?: FileMode;
  /** Buffer size of `buffered` mode, in bytes. Default 4096. */
  bufferBytes?: number;
  /** Longest a line waits in the buffer in `buffered` mode. Default `'1s'`. */
  flushInterval?: Duration;
  /** Rotation by size and/or time (pino-roll); files are named `<path>.1`, `<path>.2`, ... */
  rotate?: RotateOptions;
}

/** A stream pino writes to, plus what the logger needs to flush and close it. */
export interface Destination {
  stream: pino.DestinationStream;
  /** Resolves when the destination can take writes (rotating files open asynchronously). */
  ready: Promise<void>;
  flushSync(): void;
  end(): Promise<void>;
}

function endSonic(sonic: SonicBoom): Promise<void> {
  return new Promise((done) => {
    if (sonic.destroyed) return done();
    sonic.once('close', () => done());
    sonic.once('error', () => done());
    try {
      sonic.end();
    } catch {
      done();
    }
  });
}

function flushSonic(sonic: SonicBoom): void {
  // Not open yet, or already closed: there is nothing it could write.
  if (!sonic.destroyed && (sonic.fd ?? -1) >= 0) sonic.flushSync();
}

function sonicDestination(sonic: SonicBoom): Destination {
  return { stream: sonic, ready: Promise.resolve(), flushSync: () => flushSonic(sonic), end: () => endSonic(sonic) };
}

export function fileDestination(options: string | FileOptions): Destination {
  const {
    path,
    mode = 'buffered',
    bufferBytes = 4096,
    flushInterval = 1000,
    rotate,
  } = typeof options === 'string' ? { path: options } : options;
  const dest = resolve(path);
  const sonicOptions =
    mode === 'buffered'
      ? { sync: true, minLength: bufferBytes, periodicFlush: parseDuration(flushInterval, 'file.flushInterval') }
      : { sync: mode === 'sync' };
  if (rotate === undefined) return sonicDestination(pino.destination({ dest, mkdir: true, ...sonicOptions }));
  return rollingDestination(dest, rotate, sonicOptions);
}

/**
 * pino-roll opens its file asynchronously: lines written before then wait in memory, in order. It is
 * imported here, on first use, because it loads date-fns (about 300 files) that a process without
 * rotated files never needs.
 */
function rollingDestination(file: string, rotate: RotateOptions, sonicOptions: object): Destination {
  const frequency =
    rotate.frequency === 'daily' || rotate.frequency === 'hourly' || rotate.frequency === undefined
      ? rotate.frequency
      : parseDuration(rotate.frequency, 'file.rotate.frequency');
  let sonic: SonicBoom | undefined;
  let pending: string[] = [];
  const ready = import('pino-roll')
    .then(({ default: roll }) =>
      roll({
        file,
        mkdir: true,
        ...sonicOptions,
        ...(rotate.size === undefined ? {} : { size: rotate.size }),
        ...(frequency === undefined ? {} : { frequency }),
        ...(rotate.keep === undefined ? {} : { limit: { count: rotate.keep } }),
      }),
    )
    .then((opened: SonicBoom) => {
      sonic = opened;
      for (const line of pending) opened.write(line);
      pending = [];
    });
  return {
    stream: {
      write(line: string) {
        if (sonic === undefined) pending.push(line);
        else sonic.write(line);
      },
    },
    ready,
    flushSync: () => {
      if (sonic !== undefined) flushSonic(sonic);
    },
    end: async () => {
      await ready.catch(() => {});
      if (sonic !== undefined) await endSonic(sonic);
    },
  };
}

export interface ConsoleOptions {
  /** Human-readable lines (pino-pretty). Default: when the target is a terminal. */
  pretty?: boolean;
  /** Where console lines go. Default stdout. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** `pretty` when asked for, or when nothing was asked and the target is a terminal; else JSON lines. */
export function consoleFormat(pretty: boolean | undefined, isTTY: boolean | undefined): 'pretty' | 'json' {
  return (pretty ?? isTTY === true) ? 'pretty' : 'json';
}

export function consoleDestination(options: ConsoleOptions = {}): Destination {
  const target = options.destination;
  const isTTY = (target ?? process.stdout).isTTY;
  // stdout is written synchronously (pino's default for fd 1), so a crash loses nothing.
  const sonic = target === undefined ? pino.destination({ fd: 1, sync: true }) : undefined;
  const base = (target ?? sonic) as pino.DestinationStream;
  const flushSync = () => {
    if (sonic !== undefined) flushSonic(sonic);
  };
  const end = async () => {
    if (sonic !== undefined) await endSonic(sonic);
  };
  if (consoleFormat(options.pretty, isTTY) === 'json')
    return { stream: base, ready: Promise.resolve(), flushSync, end };
  const format = prettyFactory({ colorize: isTTY === true, translateTime: 'SYS:HH:MM:ss.l' });
  return { stream: { write: (line: string) => base.write(format(line)) }, ready: Promise.resolve(), flushSync, end };
}
