import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Clock, TimerHandle } from '@outrider/core';

/**
 * Calls `onChange` once per burst of changes to `file`, `debounceMs` after the last one. Watches
 * the directory, so editors that save by writing a new file and renaming it are seen too.
 */
export class FileWatcher {
  #watcher: FSWatcher | undefined;
  #timer: TimerHandle | undefined;

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly debounceMs: number,
    private readonly onChange: () => void,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.#watcher !== undefined) return;
    const name = basename(this.file);
    this.#watcher = watch(dirname(this.file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed.toString() === name) this.#schedule();
    });
    this.#watcher.on('error', this.onError);
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }
}
