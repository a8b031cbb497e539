import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '@outrider/core';
import { otlpErrors } from './error-codes.js';
import { FRAME_HEADER_BYTES, frameHeader, unframe } from './spool-frame.js';

export type SpooledSignal = 'traces' | 'logs';

export interface SpoolRecord {
  readonly seq: number;
  readonly signal: SpooledSignal;
  /** Spans or log records in the record. */
  readonly count: number;
  readonly bytes: number;
  /** Whether the payload is gzip-compressed. */
  readonly gzip: boolean;
  /** Written with a length and checksum header (see spool-frame.ts); older spools hold bare payloads. */
  readonly framed: boolean;
  readonly file: string;
}

/** What `read` found: the payload to send, or a record that must not be sent (it was quarantined). */
export type ReadResult = { payload: Buffer } | { unreadable: string };

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  whenFull: 'block' | 'drop-oldest';
  /** Told about every record dropped to make room (`drop-oldest`). */
  onDrop(record: SpoolRecord): void;
  /** Told whenever the spool's size changes. */
  onChange(spool: Spool): void;
  /** Told of every failed delete of an exported record (it is retried on `clock`). */
  onDeleteFailed(record: SpoolRecord, error: unknown): void;
  clock: Clock;
  /** Wait before retrying failed deletes; doubles up to 30 s. Default 1 s. */
  deleteRetryMs?: number;
}

/** `<seq>-<signal>-<count>.rec[.gz]` (`.pb` before records were framed): everything replay needs is in the name. */
const NAME = /^(\d{16})-(traces|logs)-(\d+)\.(pb|rec)(\.gz)?$/;
/** Unreadable records are moved here, out of the replay order, for a person to look at. */
export const QUARANTINE_DIR = 'quarantine';
const MAX_DELETE_RETRY_MS = 30_000;
/**
 * Sequence numbers of exported records whose delete failed, one a line: the next `open` deletes
 * them instead of sending them again. Opened for each line, never held, so nothing keeps the file
 * system from being remounted read-only.
 */
export const DELIVERED_FILE = 'delivered';

/**
 * A write-ahead spool of export batches on disk: one file per batch, written to a temporary name,
 * fsync'd and renamed (then the directory fsync'd), so a record either exists whole or not at all
 * after a crash. Records leave only when `remove` is called (the backend took them) or when
 * `drop-oldest` makes room; `open` replays what a previous run left, oldest first.
 */
export class Spool {
  readonly #options: SpoolOptions;
  readonly #records: SpoolRecord[] = [];
  readonly #inFlight = new Set<SpoolRecord>();
  /** Exported records whose file could not be deleted yet: out of the export order, still on disk. */
  readonly #undeleted: SpoolRecord[] = [];
  #deleteError: string | undefined;
  #deleteRetryMs: number;
  #deleteTimer: TimerHandle | undefined;
  /** Undeleted records written down in the `delivered` file: no later run sends them. */
  readonly #marked = new Set<SpoolRecord>();
  #nextSeq = 1;
  #bytes = 0;
  readonly #items = { traces: 0, logs: 0 };
  #wake: (() => void) | undefined;

  constructor(options: SpoolOptions) {
    this.#options = options;
    this.#deleteRetryMs = options.deleteRetryMs ?? 1000;
  }

  /** Exported records still on disk because deleting them failed (retried); with the last error. */
  get undeleted(): { records: number; error: string | undefined } {
    return { records: this.#undeleted.length, error: this.#deleteError };
  }

  get bytes(): number {
    return this.#bytes;
  }

  get items(): Readonly<Record<SpooledSignal, number>> {
    return this.#items;
  }

  get records(): number {
    return this.#records.length;
  }

  /** At or past `maxBytes`: under `block`, senders are refused until exports make room. */
  get full(): boolean {
    return this.#bytes >= this.#options.maxBytes;
  }

  /**
   * Creates the directory and indexes the records a previous run left: half-written ones are deleted,
   * and so are those the `delivered` file lists (exported, but their delete failed).
   */
  async open(): Promise<number> {
    const { dir } = this.#options;
    let lastSeq = 0;
    try {
      await mkdir(dir, { recursive: true });
      const delivered = await this.#readDelivered();
      // A seq the file lists is never reused, even when the rewrite below fails and the line stays.
      for (const seq of delivered) lastSeq = Math.max(lastSeq, seq);
      const names = await readdir(dir);
      for (const name of names) {
        if (name.endsWith('.tmp')) {
          await unlink(join(dir, name));
          continue;
        }
        const match = NAME.exec(name);
        if (!match) continue;
        const file = join(dir, name);
        const { size } = await stat(file);
        const record: SpoolRecord = {
          seq: Number(match[1]),
          signal: match[2] as SpooledSignal,
          count: Number(match[3]),
          bytes: size,
          gzip: match[5] !== undefined,
          framed: match[4] === 'rec',
          file,
        };
        lastSeq = Math.max(lastSeq, record.seq);
        if (!delivered.has(record.seq)) this.#add(record);
        else if (!(await this.#delete(record))) this.#keepUndeleted(record, true);
      }
      // Only seqs still on disk stay listed. On a read-only spool the old file stays: harmless.
      await this.#writeDelivered([...this.#marked].map((record) => record.seq)).catch(() => undefined);
    } catch (error) {
      throw otlpErrors.create('OUTRIDER_OTLP_SPOOL_UNAVAILABLE', `spool directory ${dir} is not usable`, {
        cause: error,
        details: { dir },
      });
    }
    this.#records.sort((a, b) => a.seq - b.seq);
    this.#nextSeq = lastSeq + 1;
    if (this.#undeleted.length > 0) this.#armDeleteRetry();
    this.#options.onChange(this);
    return this.#records.length;
  }

  async #readDelivered(): Promise<Set<number>> {
    try {
      const text = await readFile(join(this.#options.dir, DELIVERED_FILE), 'utf8');
      return new Set(
        text
          .split('\n')
          .filter((line) => /^\d+$/.test(line))
          .map(Number),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw error;
    }
  }

  /** Replaces the `delivered` file with `seqs` (removes it when there are none). */
  async #writeDelivered(seqs: number[]): Promise<void> {
    const file = join(this.#options.dir, DELIVERED_FILE);
    if (seqs.length === 0) {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      return;
    }
    await writeFile(`${file}.tmp`, seqs.map((seq) => `${seq}\n`).join(''));
    await rename(`${file}.tmp`, file);
  }

  /** Appends the record's seq to the `delivered` file, durably; false when that fails too. */
  async #markDelivered(record: SpoolRecord): Promise<boolean> {
    try {
      const handle = await open(join(this.#options.dir, DELIVERED_FILE), 'a');
      try {
        await handle.write(`${record.seq}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return true;
    } catch {
      return false;
    }
  }

  #keepUndeleted(record: SpoolRecord, marked: boolean): void {
    this.#undeleted.push(record);
    if (marked) this.#marked.add(record);
    this.#bytes += record.bytes;
  }

  /** Writes a batch durably; resolves once it is on disk. */
  async append(signal: SpooledSignal, count: number, payload: Uint8Array, gzip: boolean): Promise<void> {
    const seq = this.#nextSeq++;
    const name = `${String(seq).padStart(16, '0')}-${signal}-${count}.rec${gzip ? '.gz' : ''}`;
    const file = join(this.#options.dir, name);
    const temporary = `${file}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writev([frameHeader(payload), payload]);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      // A full disk must not leave a temp file behind per refused batch.
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await this.#syncDirectory();
    this.#add({ seq, signal, count, bytes: payload.byteLength + FRAME_HEADER_BYTES, gzip, framed: true, file });
    // Appends may finish out of order; keep the index in sequence order for replay order.
    if (this.#records.length > 1 && (this.#records.at(-2)?.seq ?? 0) > seq) this.#records.sort((a, b) => a.seq - b.seq);
    if (this.#options.whenFull === 'drop-oldest') await this.#dropOldest();
    this.#options.onChange(this);
    this.#wake?.();
  }

  /** The oldest record not being exported, marked in flight; undefined when there is none. */
  take(): SpoolRecord | undefined {
    for (const record of this.#records) {
      if (this.#inFlight.has(record)) continue;
      this.#inFlight.add(record);
      return record;
    }
    return undefined;
  }

  /** Resolves when a record is appended, or when `signal` aborts. */
  waitForRecord(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#wake = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * A record's payload after checking its length and checksum. A record that fails (or cannot be
   * read) is moved to `quarantine/` and leaves the spool: it is never sent.
   */
  async read(record: SpoolRecord): Promise<ReadResult> {
    let problem: string;
    try {
      const file = await readFile(record.file);
      if (!record.framed) {
        if (file.length > 0) return { payload: file };
        problem = 'empty file';
      } else {
        const result = unframe(file);
        if ('payload' in result) return result;
        problem = result.problem;
      }
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    this.#forget(record);
    const quarantined = join(this.#options.dir, QUARANTINE_DIR, record.file.slice(this.#options.dir.length + 1));
    try {
      await mkdir(join(this.#options.dir, QUARANTINE_DIR), { recursive: true });
      await rename(record.file, quarantined);
    } catch (error) {
      problem += `; it could not be moved to ${QUARANTINE_DIR}/ (${error instanceof Error ? error.message : String(error)})`;
    }
    this.#options.onChange(this);
    return { unreadable: problem };
  }

  /** Deletes a record (exported, or refused for good); a failed delete is retried, never forgotten. */
  async remove(record: SpoolRecord): Promise<void> {
    if (!this.#forget(record)) return;
    if (!(await this.#delete(record))) {
      this.#keepUndeleted(record, await this.#markDelivered(record));
      this.#armDeleteRetry();
    }
    this.#options.onChange(this);
  }

  /**
   * Stops retrying deletes. Undeleted records stay on disk; the next run deletes those the
   * `delivered` file lists, and sends the rest again (the file could not be written either, e.g. a
   * read-only file system): returns how many of those there are.
   */
  close(): number {
    if (this.#deleteTimer !== undefined) this.#options.clock.clearTimeout(this.#deleteTimer);
    this.#deleteTimer = undefined;
    return this.#undeleted.filter((record) => !this.#marked.has(record)).length;
  }

  /** Takes a record out of the index; false when it was not in it. */
  #forget(record: SpoolRecord): boolean {
    this.#inFlight.delete(record);
    const index = this.#records.indexOf(record);
    if (index === -1) return false;
    this.#records.splice(index, 1);
    this.#bytes -= record.bytes;
    this.#items[record.signal] -= record.count;
    return true;
  }

  async #delete(record: SpoolRecord): Promise<boolean> {
    try {
      await unlink(record.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#deleteError = error instanceof Error ? error.message : String(error);
        this.#options.onDeleteFailed(record, error);
        return false;
      }
    }
    return true;
  }

  #armDeleteRetry(): void {
    if (this.#deleteTimer !== undefined) return;
    this.#deleteTimer = this.#options.clock.setTimeout(() => {
      this.#deleteTimer = undefined;
      void this.#retryDeletes();
    }, this.#deleteRetryMs);
  }

  async #retryDeletes(): Promise<void> {
    // Each record leaves the list only once its file is gone, and the change is told at once: health
    // and metrics never show a delete as done while it is still under way.
    for (const record of [...this.#undeleted]) {
      if (await this.#delete(record)) {
        this.#undeleted.splice(this.#undeleted.indexOf(record), 1);
        this.#bytes -= record.bytes;
        this.#marked.delete(record);
        this.#options.onChange(this);
      } else if (!this.#marked.has(record) && (await this.#markDelivered(record))) {
        this.#marked.add(record);
      }
    }
    if (this.#undeleted.length === 0) {
      this.#deleteError = undefined;
      this.#deleteRetryMs = this.#options.deleteRetryMs ?? 1000;
    } else {
      this.#deleteRetryMs = Math.min(MAX_DELETE_RETRY_MS, this.#deleteRetryMs * 2);
      this.#armDeleteRetry();
    }
    this.#options.onChange(this);
  }

  /** Puts a record taken with `take` back, for a later attempt (stop mid-export). */
  release(record: SpoolRecord): void {
    this.#inFlight.delete(record);
  }

  #add(record: SpoolRecord): void {
    this.#records.push(record);
    this.#bytes += record.bytes;
    this.#items[record.signal] += record.count;
  }

  /** Under `drop-oldest`: deletes the oldest records not in flight until the spool fits again. */
  async #dropOldest(): Promise<void> {
    while (this.#bytes > this.#options.maxBytes) {
      const oldest = this.#records.find((record) => !this.#inFlight.has(record));
      // Keep the newest record even if it alone is over the limit: dropping what was just written helps no one.
      if (oldest === undefined || oldest === this.#records.at(-1)) return;
      await this.remove(oldest);
      this.#options.onDrop(oldest);
    }
  }

  async #syncDirectory(): Promise<void> {
    const directory = await open(this.#options.dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}
