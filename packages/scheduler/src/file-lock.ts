import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
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
 *
 * Each scheduled fire is also claimed once, by creating `<key>.fire.<fireAt>` exclusively: a peer
 * that comes for a fire after the holder ran it and let the lock go (late by more than a period)
 * finds the claim, or a claim of a later fire, and skips. Only the newest claim of a key is kept.
 */
export class FileLockProvider implements LockProvider {
  /** Fire times are multiples of the period since the epoch, so every process names a fire alike. */
  readonly alignsFires = true;
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

  async acquire({ key, owner, ttlMs, fireAt }: LockRequest): Promise<LockLease | undefined> {
    this.#ready ??= mkdir(this.#dir, { recursive: true });
    await this.#ready;
    const path = this.pathOf(key);
    const record: LockRecord = { owner, pid: process.pid, until: this.#clock.now() + ttlMs, released: false };
    // Two rounds: a stale holder is removed in the first and the file created in the second.
    for (let round = 0; round < 2; round++) {
      if (await this.#create(path, record)) {
        if (fireAt === undefined || (await this.#claimFire(key, fireAt))) return this.#lease(path, record);
        // The fire ran elsewhere: give the lock straight back (the file is the one just created).
        await removeIfPresent(path);
        return undefined;
      }
      const held = await this.#read(path);
      if (held !== undefined && !canTake(held, owner, this.#clock.now(), isAlive)) return undefined;
      await removeIfPresent(path);
    }
    return undefined;
  }

  /**
   * Claims the fire at `fireAt` of `key`: false when it was claimed already, or a later fire was
   * (this one is too late; it may have run and had its claim cleaned up). Claims older than this
   * one are removed; a claim is removed only once a newer one exists, so one always answers for it.
   */
  async #claimFire(key: string, fireAt: number): Promise<boolean> {
    const prefix = `${encodeURIComponent(key)}.fire.`;
    try {
      await writeFile(join(this.#dir, `${prefix}${fireAt}`), `${process.pid}\n`, { flag: 'wx' });
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    }
    const claimed = (await readdir(this.#dir))
      .filter((name) => name.startsWith(prefix))
      .map((name) => Number(name.slice(prefix.length)))
      .filter(Number.isFinite);
    if (claimed.some((time) => time > fireAt)) return false;
    await Promise.all(
      claimed.filter((time) => time < fireAt).map((time) => removeIfPresent(join(this.#dir, `${prefix}${time}`))),
    );
    return true;
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
