import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { OutriderError } from '@outrider/core';

export type SpooledSignal = 'traces' | 'logs';

export interface SpoolRecord {
  readonly seq: number;
  readonly signal: SpooledSignal;
  /** Spans or log records in the record. */
  readonly count: number;
  readonly bytes: number;
  /** Whether the payload is gzip-compressed. */
  readonly gzip: boolean;
  readonly file: string;
}

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  whenFull: 'block' | 'drop-oldest';
  /** Told about every record dropped to make room (`drop-oldest`). */
  onDrop(record: SpoolRecord): void;
  /** Told whenever the spool's size changes. */
  onChange(spool: Spool): void;
}

/** `<seq>-<signal>-<count>.pb[.gz]`: everything replay needs is in the name. */
const NAME = /^(\d{16})-(traces|logs)-(\d+)\.pb(\.gz)?$/;

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
  #nextSeq = 1;
  #bytes = 0;
  readonly #items = { traces: 0, logs: 0 };
  #wake: (() => void) | undefined;

  constructor(options: SpoolOptions) {
    this.#options = options;
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

  /** Creates the directory and indexes the records a previous run left (half-written ones are deleted). */
  async open(): Promise<number> {
    const { dir } = this.#options;
    try {
      await mkdir(dir, { recursive: true });
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
        this.#add({
          seq: Number(match[1]),
          signal: match[2] as SpooledSignal,
          count: Number(match[3]),
          bytes: size,
          gzip: match[4] !== undefined,
          file,
        });
      }
    } catch (error) {
      throw new OutriderError('OUTRIDER_OTLP_SPOOL_UNAVAILABLE', `spool directory ${dir} is not usable`, {
        cause: error,
        details: { dir },
      });
    }
    this.#records.sort((a, b) => a.seq - b.seq);
    this.#nextSeq = (this.#records.at(-1)?.seq ?? 0) + 1;
    this.#options.onChange(this);
    return this.#records.length;
  }

  /** Writes a batch durably; resolves once it is on disk. */
  async append(signal: SpooledSignal, count: number, payload: Uint8Array, gzip: boolean): Promise<void> {
    const seq = this.#nextSeq++;
    const name = `${String(seq).padStart(16, '0')}-${signal}-${count}.pb${gzip ? '.gz' : ''}`;
    const file = join(this.#options.dir, name);
    const temporary = `${file}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(payload);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    await this.#syncDirectory();
    this.#add({ seq, signal, count, bytes: payload.byteLength, gzip, file });
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

  read(record: SpoolRecord): Promise<Buffer> {
    return readFile(record.file);
  }

  /** Deletes a record (exported, or refused for good). */
  async remove(record: SpoolRecord): Promise<void> {
    this.#inFlight.delete(record);
    const index = this.#records.indexOf(record);
    if (index === -1) return;
    this.#records.splice(index, 1);
    this.#bytes -= record.bytes;
    this.#items[record.signal] -= record.count;
    await unlink(record.file).catch(() => undefined);
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
