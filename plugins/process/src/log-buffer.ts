export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  /** ms since the epoch, on the plugin's clock. */
  readonly time: number;
  readonly stream: LogStream;
  readonly line: string;
}

/** The last `capacity` lines of a child's output, oldest first; a fixed array used as a ring. */
export class LogBuffer {
  #lines: (LogLine | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#lines = new Array(capacity);
  }

  push(line: LogLine): void {
    if (this.capacity === 0) return;
    this.#lines[this.#next] = line;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** The newest `limit` lines (of `stream`, when given), oldest first. */
  tail(limit: number, stream?: LogStream): LogLine[] {
    const out: LogLine[] = [];
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const line = this.#lines[(this.#next - i + this.capacity) % this.capacity] as LogLine;
      if (stream === undefined || line.stream === stream) out.push(line);
    }
    return out.reverse();
  }

  get size(): number {
    return this.#size;
  }
}
