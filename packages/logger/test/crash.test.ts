import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLines, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../../..');
const node = join(root, 'node_modules/.bin/node');
const dist = join(root, 'packages/logger/dist/index.js');
const LINES = 200;

beforeAll(() => {
  // The child processes import the built package.
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/logger'], { cwd: root });
}, 60_000);

/** Runs a script that logs LINES lines to a file, then does `ending`; resolves with how it ended. */
function runChild(ending: string, { mode = 'buffered', signal }: { mode?: string; signal?: NodeJS.Signals } = {}) {
  const dir = tempDir();
  const file = join(dir, 'logs', 'crash.log');
  const script = join(dir, 'child.mjs');
  writeFileSync(
    script,
    `import { createLogger } from ${JSON.stringify(dist)};
const logger = createLogger({ console: false, file: { path: ${JSON.stringify(file)}, mode: ${JSON.stringify(mode)} } });
for (let i = 0; i < ${LINES}; i++) logger.info({ i, text: '로그 줄' }, 'line');
${ending}
`,
  );
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; file: string }>((done) => {
    const child = spawn(node, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (signal !== undefined && chunk.toString().includes('ready')) child.kill(signal);
    });
    child.on('exit', (code, exitSignal) => done({ code, signal: exitSignal, file }));
  });
}

const WAIT = "console.log('ready'); setInterval(() => {}, 1000);";

describe('nothing is lost when the process ends', () => {
  it('flushes on SIGTERM and still dies of the signal', async () => {
    const result = await runChild(WAIT, { signal: 'SIGTERM' });
    expect(result.signal).toBe('SIGTERM');
    expect(readLines(result.file)).toHaveLength(LINES);
  });

  it('flushes on SIGINT', async () => {
    const result = await runChild(WAIT, { signal: 'SIGINT' });
    expect(result.signal).toBe('SIGINT');
    expect(readLines(result.file)).toHaveLength(LINES);
  });

  it('flushes and logs the error on an uncaught exception', async () => {
    const result = await runChild("setTimeout(() => { throw new Error('boom'); }, 0);");
    expect(result.code).toBe(1);
    const lines = readLines(result.file);
    expect(lines).toHaveLength(LINES + 1);
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'uncaught exception', err: { message: 'boom' } });
  });

  it('flushes on an unhandled rejection', async () => {
    const result = await runChild("Promise.reject(new Error('rejected'));");
    expect(result.code).toBe(1);
    expect(readLines(result.file).at(-1)).toMatchObject({ level: 60, err: { message: 'rejected' } });
  });

  it('flushes on process.exit() and on a normal end', async () => {
    const exited = await runChild('process.exit(3);');
    expect(exited.code).toBe(3);
    expect(readLines(exited.file)).toHaveLength(LINES);
    const ended = await runChild('');
    expect(ended.code).toBe(0);
    expect(readLines(ended.file)).toHaveLength(LINES);
  });

  it('in sync mode, survives even SIGKILL', async () => {
    const result = await runChild(WAIT, { mode: 'sync', signal: 'SIGKILL' });
    expect(result.signal).toBe('SIGKILL');
    expect(readLines(result.file)).toHaveLength(LINES);
  });

  it('in buffered mode, SIGKILL loses at most the last buffer (documented limit)', async () => {
    const result = await runChild(WAIT, { signal: 'SIGKILL' });
    const lines = readLines(result.file);
    expect(lines.length).toBeGreaterThan(LINES - 4096 / 50);
    expect(lines.length).toBeLessThan(LINES);
  });
});
