import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ManualClock } from '@outrider/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLockProvider } from '../src/index.js';

// The repo pins Node 24 (type stripping, module hooks); vitest itself may run on the machine's node.
const repoNode = join(import.meta.dirname, '../../../node_modules/.bin/node');
const node = existsSync(repoNode) ? repoNode : process.execPath;
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const children: ChildProcessByStdio<Writable, Readable, null>[] = [];

function child(...args: string[]) {
  const process = spawn(
    node,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      fixture('ts-hooks.mjs'),
      fixture('lock-child.ts'),
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(process);
  const lines: string[] = [];
  let buffer = '';
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void; reject: (e: Error) => void }[] =
    [];
  process.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  /** The first output line matching `test`, including lines already printed. */
  const line = (test: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find(test);
      if (seen !== undefined) resolve(seen);
      else waiters.push({ test, resolve, reject });
    });
  const exited = new Promise<number | null>((resolve) =>
    process.on('exit', (code) => {
      setImmediate(() => {
        for (const waiter of waiters.splice(0)) waiter.reject(new Error(`child exited (${code}) before the line`));
      });
      resolve(code);
    }),
  );
  return { process, line, exited };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'outrider-lock-'));

afterEach(() => {
  for (const process of children.splice(0)) if (process.exitCode === null) process.kill('SIGKILL');
});

describe('FileLockProvider across processes', () => {
  it('a lock held by another process is unavailable until it is released', async () => {
    const dir = freshDir();
    const holder = child('hold', dir, 'update_price_cache');
    expect(await holder.line(() => true)).toBe('acquired');

    const lock = new FileLockProvider({ dir });
    expect(await lock.acquire({ key: 'update_price_cache', owner: 'parent', ttlMs: 60_000 })).toBeUndefined();
    const rival = child('hold', dir, 'update_price_cache');
    expect(await rival.line(() => true)).toBe('denied');
    rival.process.stdin.end('release\n');

    holder.process.stdin.write('release\n');
    await holder.line((line) => line === 'released');
    const lease = await lock.acquire({ key: 'update_price_cache', owner: 'parent', ttlMs: 60_000 });
    expect(lease).toBeDefined();
    await lease?.release();
  });

  it('takes over the lock of a process that died holding it', async () => {
    const dir = freshDir();
    const holder = child('hold', dir, 'token_refresh');
    expect(await holder.line(() => true)).toBe('acquired');
    holder.process.kill('SIGKILL');
    await holder.exited;

    const lock = new FileLockProvider({ dir });
    const lease = await lock.acquire({ key: 'token_refresh', owner: 'parent', ttlMs: 60_000 });

    expect(lease).toBeDefined();
    expect(JSON.parse(readFileSync(lock.pathOf('token_refresh'), 'utf8'))).toMatchObject({
      owner: 'parent',
      pid: process.pid,
      released: false,
    });
  });

  it('takes over a lock file it cannot parse, and a lease past its ttl', async () => {
    const dir = freshDir();
    const lock = new FileLockProvider({ dir });
    await lock.acquire({ key: 'x', owner: 'a', ttlMs: 60_000 });
    writeFileSync(lock.pathOf('x'), 'garbage');
    expect(await lock.acquire({ key: 'x', owner: 'b', ttlMs: 60_000 })).toBeDefined();

    writeFileSync(
      lock.pathOf('y'),
      JSON.stringify({ owner: 'a', pid: process.pid, until: Date.now() - 1, released: false }),
    );
    expect(await lock.acquire({ key: 'y', owner: 'b', ttlMs: 60_000 })).toBeDefined();
  });

  it('a peer late by more than a period finds the fire claimed and skips it; only the newest claim stays', async () => {
    const dir = freshDir();
    const clock = new ManualClock(10_000);
    const [holder, peer] = [new FileLockProvider({ dir, clock }), new FileLockProvider({ dir, clock })];
    const request = (owner: string, fireAt: number) => ({ key: 'job', owner, ttlMs: 60_000, fireAt });

    // The holder runs the fire at 10 000 and holds the lock until just before the next one (10 100).
    const lease = await holder.acquire(request('holder', 10_000));
    expect(lease).toBeDefined();
    await lease?.release(99);
    // The peer's timer for that same fire runs 150 ms late: the lock is free again, the fire is not.
    await clock.advance(150);
    expect(await peer.acquire(request('peer', 10_000))).toBeUndefined();
    // Nor is it left holding the lock: the next fire is the peer's to take.
    const next = await peer.acquire(request('peer', 10_100));
    expect(next).toBeDefined();
    await next?.release();
    // Only the newest claim is kept, and a fire older than it is refused even with its claim gone.
    expect((await readdir(dir)).filter((name) => name.includes('.fire.'))).toEqual(['job.fire.10100']);
    expect(await holder.acquire(request('holder', 10_000))).toBeUndefined();
    // Runs without a fire (manual, after another job) take the lock alone.
    const manual = await holder.acquire({ key: 'job', owner: 'holder', ttlMs: 60_000 });
    expect(manual).toBeDefined();
  });

  it('two processes scheduling the same job run it one at a time, never both for one fire', async () => {
    const dir = freshDir();
    const out = join(dir, 'runs.log');
    writeFileSync(out, '');
    const first = child('schedule', dir, out);
    const second = child('schedule', dir, out);
    await Promise.all([first, second].map((process) => process.line((line) => line === 'started')));
    // Both schedulers run now: let ten fires pass (runs are appended as they end), then stop both.
    const before = readFileSync(out, 'utf8').split('\n').length;
    while (readFileSync(out, 'utf8').split('\n').length < before + 10) await new Promise((r) => setTimeout(r, 50));
    for (const { process } of [first, second]) process.stdin.write('stop\n');
    const reports = await Promise.all(
      [first, second].map(async (process) => JSON.parse(await process.line((line) => line.startsWith('{')))),
    );

    const runs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number) as [number, number, number, number])
      .sort((a, b) => a[1] - b[1]);
    // Each fire (its scheduled time, the same in both processes) ran once.
    const fires = runs.map((run) => run[3]);
    expect(new Set(fires).size).toBe(fires.length);
    const firstRun = runs[0] as [number, number, number, number];
    const last = runs.at(-1) as [number, number, number, number];
    // One process's worth of runs over the time they span (a fire every 100 ms), not two.
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(runs.length).toBeLessThanOrEqual(Math.floor((last[1] - firstRun[1]) / 100) + 2);
    for (let i = 1; i < runs.length; i++) {
      const [pid, start] = runs[i] as [number, number, number, number];
      const [previousPid, previousStart, previousEnd] = runs[i - 1] as [number, number, number, number];
      expect(start).toBeGreaterThanOrEqual(previousEnd); // never two at once
      // The other process only gets the job once the holder's lease (until just before the next fire) has passed.
      if (pid !== previousPid) expect(start - previousStart).toBeGreaterThanOrEqual(40);
    }
    expect(reports[0].lockSkips + reports[1].lockSkips).toBeGreaterThan(0);
  });
});
