/** A stored value that carries tags. Untagged values are stored bare, so plain gets pay nothing. */
export class Tagged<V> {
  constructor(
    readonly value: V,
    readonly tags: readonly string[],
  ) {}
}

export function unwrap<V>(stored: V | Tagged<V>): V {
  return stored instanceof Tagged ? stored.value : stored;
}

/** tag → keys. Kept in step by the cache's insert and dispose hooks, so it never holds a key the cache dropped. */
export class TagIndex {
  readonly #keysByTag = new Map<string, Set<string>>();

  add(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      let keys = this.#keysByTag.get(tag);
      if (keys === undefined) {
        keys = new Set();
        this.#keysByTag.set(tag, keys);
      }
      keys.add(key);
    }
  }

  remove(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag);
      if (keys?.delete(key) && keys.size === 0) this.#keysByTag.delete(tag);
    }
  }

  /** A copy, so the caller can delete while iterating. */
  keys(tag: string): string[] {
    const keys = this.#keysByTag.get(tag);
    return keys === undefined ? [] : [...keys];
  }

  /** How many tags are indexed. */
  get size(): number {
    return this.#keysByTag.size;
  }

  clear(): void {
    this.#keysByTag.clear();
  }
}
