import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Clock, systemClock } from '@outrider/core';
import { canTake, type LockLease, type LockProvider, type LockRecord, type LockRequest } from './lock.js';

export interface FileLockOptions {
  /** Directory of the lock files, created on demand; every process that shares jobs points here. */
  dir: string;
  /** Wall clock for lease expiry; processes compare each other's times. Default systemClock. */
  clock?: Clock;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException)?.code === code;
}

async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (!isCode(error, 'ENOENT')) throw error;
  });
}

/**
 * One lock file per key, for several processes on one host (two replicas of a service, one
 * scheduler's worth of runs). A file appears complete or not at all: it is written
 * aside and hard-linked into place, which fails if the name exists. A holder whose pid is gone, or
 * whose lease ran past its ttl, is stale and taken over.
 */
export class FileLockProvider implements LockProvider {
  readonly #dir: string;
  readonly #clock: Clock;
  #ready: Promise<unknown> | undefined;

  constructor(options: FileLockOptions) {
    this.#dir = options.dir;
    this.#clock = options.clock ?? systemClock;
  }

  /** The lock file of `key`. */
  pathOf(key: string): string {
    return join(this.#dir, `${encodeURIComponent(key)}.lock`);
  }

  async acquire({ key, owner, ttlMs }: LockRequest): Promise<LockLease | undefined> {
    this.#ready ??= mkdir(this.#dir, { recursive: true });
    await this.#ready;
    const path = this.pathOf(key);
    const record: LockRecord = { owner, pid: process.pid, until: this.#clock.now() + ttlMs, released: false };
    // Two rounds: a stale holder is removed in the first and the file created in the second.
    for (let round = 0; round < 2; round++) {
      if (await this.#create(path, record)) return this.#lease(path, record);
      const held = await this.#read(path);
      if (held !== undefined && !canTake(held, owner, this.#clock.now(), isAlive)) return undefined;
      await removeIfPresent(path);
    }
    return undefined;
  }

  async #create(path: string, record: LockRecord): Promise<boolean> {
    const aside = `${path}.${randomUUID()}.tmp`;
    await writeFile(aside, JSON.stringify(record));
    try {
      await link(aside, path);
      return true;
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await removeIfPresent(aside);
    }
  }

  /** The record in `path`; undefined when it vanished or is not ours to parse (then it is taken over). */
  async #read(path: string): Promise<LockRecord | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as LockRecord;
    } catch (error) {
      if (isCode(error, 'ENOENT') || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  #lease(path: string, record: LockRecord): LockLease {
    return {
      release: async (holdMs = 0) => {
        const current = await this.#read(path);
        if (current?.owner !== record.owner || current.until !== record.until) return;
        if (holdMs <= 0) return removeIfPresent(path);
        const held: LockRecord = { ...record, released: true, until: this.#clock.now() + holdMs };
        const aside = `${path}.${randomUUID()}.tmp`;
        await writeFile(aside, JSON.stringify(held));
        await rename(aside, path);
      },
    };
  }
}
