import { OutriderError } from '@outrider/core';
import pino from 'pino';

export type LevelName = pino.Level | 'silent';

/** The root and loggers without a module are tracked under this key. */
export const NO_MODULE = '';

export function assertLevel(level: unknown): asserts level is LevelName {
  if (typeof level !== 'string' || (level !== 'silent' && !(level in pino.levels.values))) {
    throw new OutriderError(
      'OUTRIDER_INVALID_ARGUMENT',
      `unknown log level ${JSON.stringify(level)}; use one of ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}`,
    );
  }
}

/**
 * Levels per module, applied to live loggers. pino copies a level into each child when it is
 * created, so changing one later means visiting every logger of that module: they are held
 * weakly, so per-request children can still be collected.
 */
export class LevelControl {
  #default: LevelName;
  readonly #explicit = new Map<string, LevelName>();
  readonly #loggers = new Map<string, Set<WeakRef<pino.Logger>>>();
  readonly #pruneAt = new Map<string, number>();
  #silenced = false;

  constructor(defaultLevel: LevelName, moduleLevels: Record<string, LevelName | undefined> = {}) {
    assertLevel(defaultLevel);
    this.#default = defaultLevel;
    for (const [module, level] of Object.entries(moduleLevels)) {
      if (level === undefined) continue;
      assertLevel(level);
      this.#explicit.set(module, level);
    }
  }

  levelFor(module: string): LevelName {
    if (this.#silenced) return 'silent';
    return this.#explicit.get(module) ?? this.#default;
  }

  track(module: string, logger: pino.Logger): void {
    let set = this.#loggers.get(module);
    if (set === undefined) {
      set = new Set();
      this.#loggers.set(module, set);
    }
    set.add(new WeakRef(logger));
    if (set.size >= (this.#pruneAt.get(module) ?? 64)) {
      for (const ref of set) if (ref.deref() === undefined) set.delete(ref);
      this.#pruneAt.set(module, Math.max(64, set.size * 2));
    }
  }

  /** Sets the default level (for the root and every module without its own level). */
  setDefault(level: LevelName): void {
    assertLevel(level);
    this.#default = level;
    for (const module of this.#loggers.keys()) if (!this.#explicit.has(module)) this.#apply(module);
  }

  /** Sets one module's level, or with `undefined` makes it follow the default again. */
  setModule(module: string, level: LevelName | undefined): void {
    if (level === undefined) this.#explicit.delete(module);
    else {
      assertLevel(level);
      this.#explicit.set(module, level);
    }
    this.#apply(module);
  }

  snapshot(): { default: LevelName; modules: Record<string, LevelName> } {
    return { default: this.#default, modules: Object.fromEntries(this.#explicit) };
  }

  /** After stop: every logger drops everything, so late calls cannot write to closed files. */
  silenceAll(): void {
    this.#silenced = true;
    for (const module of this.#loggers.keys()) this.#apply(module);
  }

  #apply(module: string): void {
    const level = this.levelFor(module);
    const set = this.#loggers.get(module);
    if (set === undefined) return;
    for (const ref of set) {
      const logger = ref.deref();
      if (logger === undefined) set.delete(ref);
      else logger.level = level;
    }
  }
}
