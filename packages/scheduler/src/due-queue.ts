import type { Clock, TimerHandle } from '@outrider/core';

/** One scheduled fire. A cancelled entry stays in the heap until it surfaces (lazy deletion). */
export interface DueEntry<T> {
  readonly at: number;
  readonly item: T;
  cancelled: boolean;
}

/** Longest stretch of firing in one go, in ms of real time, before the rest of a due batch waits. */
const SLICE_MS = 4;
/** Fires between two looks at the real clock. */
const CHECK_EVERY = 32;

/**
 * A min-heap of fire times with ONE clock timer, armed for the earliest entry: ten thousand jobs
 * cost one timer, and a tick pops everything that is due, in slices of at most SLICE_MS of real
 * time: between slices the event loop serves I/O (setImmediate), so a large batch due at one
 * instant blocks nothing for longer than a slice.
 */
export class DueQueue<T> {
  readonly #heap: DueEntry<T>[] = [];
  #timer: TimerHandle | undefined;
  /** The next slice of a batch that did not fit into one. */
  #resume: NodeJS.Immediate | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  #running = false;
  /** Inside a tick the timer is re-armed once at the end, not per entry pushed. */
  #ticking = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (item: T, at: number, now: number) => void,
  ) {}

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `item` at `at`; cancel the returned entry to unschedule it. */
  push(at: number, item: T): DueEntry<T> {
    const entry: DueEntry<T> = { at, item, cancelled: false };
    const heap = this.#heap;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as DueEntry<T>;
      if (above.at <= at) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
    if (this.#running && !this.#ticking && this.#resume === undefined && at < this.#armedFor) this.#arm(at);
    return entry;
  }

  /** Arms the timer; entries pushed before this wait. */
  start(): void {
    this.#running = true;
    this.#armNext();
  }

  /** Disarms the timer; entries stay until clear(). */
  stop(): void {
    this.#running = false;
    this.#disarm();
  }

  clear(): void {
    this.#heap.length = 0;
  }

  #pop(): DueEntry<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && (heap[right] as DueEntry<T>).at < (heap[left] as DueEntry<T>).at) child = right;
      const smaller = heap[child] as DueEntry<T>;
      if (smaller.at >= last.at) break;
      heap[index] = smaller;
      index = child;
    }
    heap[index] = last;
    return top;
  }

  #tick(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    this.#resume = undefined;
    const now = this.clock.now();
    const sliceEnd = performance.now() + SLICE_MS;
    let fired = 0;
    this.#ticking = true;
    try {
      for (;;) {
        const top = this.#heap[0];
        if (top === undefined || top.at > now || !this.#running) break;
        if (++fired % CHECK_EVERY === 0 && performance.now() > sliceEnd) {
          this.#resume = setImmediate(() => this.#tick());
          return;
        }
        this.#pop();
        if (!top.cancelled) this.onDue(top.item, top.at, now);
      }
    } finally {
      this.#ticking = false;
      if (this.#resume === undefined) this.#armNext();
    }
  }

  #armNext(): void {
    if (this.#resume !== undefined) return;
    while (this.#heap[0]?.cancelled) this.#pop();
    const top = this.#heap[0];
    if (this.#running && top !== undefined && top.at < this.#armedFor) this.#arm(top.at);
  }

  #arm(at: number): void {
    this.#disarm();
    this.#armedFor = at;
    this.#timer = this.clock.setTimeout(() => this.#tick(), Math.max(0, at - this.clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    if (this.#resume !== undefined) clearImmediate(this.#resume);
    this.#resume = undefined;
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }
}
