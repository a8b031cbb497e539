import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'outrider-logger-'));
}

/** The JSON lines of a log file. */
export function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A console stand-in that collects what is written; `isTTY` says whether it claims to be a terminal. */
export function captureConsole(isTTY = false): PassThrough & { isTTY: boolean; text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}
