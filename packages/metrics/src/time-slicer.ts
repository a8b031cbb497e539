import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Keeps a long synchronous job in slices: `due()` after `sliceMs` of work, `yield()` lets the event loop run. */
export class TimeSlicer {
  readonly #sliceMs: number;
  #sliceStart = performance.now();

  constructor(sliceMs: number) {
    this.#sliceMs = sliceMs;
  }

  due(): boolean {
    return performance.now() - this.#sliceStart >= this.#sliceMs;
  }

  async yield(): Promise<void> {
    await nextTurn();
    this.#sliceStart = performance.now();
  }
}
