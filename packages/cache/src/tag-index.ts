/**
 * An entry's tags: one tag is held as the string itself (the common case; removing the entry then
 * reads no array), several as an array.
 */
export type TagSet = string | readonly string[];

/** A stored value that carries tags. Untagged values are stored bare, so plain gets pay nothing. */
export class Tagged<V> {
  constructor(
    readonly value: V,
    readonly tags: TagSet,
  ) {}
}

/** The tags of a TagSet as an array. */
export function tagList(tags: TagSet): string[] {
  return typeof tags === 'string' ? [tags] : [...tags];
}

export function unwrap<V>(stored: V | Tagged<V>): V {
  return stored instanceof Tagged ? stored.value : stored;
}

interface TagEntry {
  /** The one string instance entries with this tag share. */
  readonly tag: string;
  readonly keys: Set<string>;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** tag → keys. Kept in step by the cache's insert and dispose hooks, so it never holds a key the cache dropped. */
export class TagIndex {
  readonly #byTag = new Map<string, TagEntry>();

  /**
   * A copy of `tags` (the caller's array may change later) that reuses the index's string for
   * each known tag: a million entries tagged `group:7` then share one string, and the lookups
   * on removal compare pointers instead of characters.
   */
  own(tags: readonly string[]): TagSet {
    if (tags.length === 1) return this.#own(tags[0] as string);
    return tags.map((tag) => this.#own(tag));
  }

  add(key: string, tags: TagSet): void {
    if (typeof tags === 'string') this.#add(key, tags);
    else for (const tag of tags) this.#add(key, tag);
  }

  remove(key: string, tags: TagSet): void {
    if (typeof tags === 'string') this.#remove(key, tags);
    else for (const tag of tags) this.#remove(key, tag);
  }

  /**
   * Takes `tag` out of the index and returns its keys. Deleting those entries afterwards then only
   * touches their other tags, and the caller may iterate while it deletes.
   */
  take(tag: string): ReadonlySet<string> {
    const entry = this.#byTag.get(tag);
    if (entry === undefined) return NO_KEYS;
    this.#byTag.delete(tag);
    return entry.keys;
  }

  /** How many tags are indexed. */
  get size(): number {
    return this.#byTag.size;
  }

  clear(): void {
    this.#byTag.clear();
  }

  #own(tag: string): string {
    return this.#byTag.get(tag)?.tag ?? tag;
  }

  #add(key: string, tag: string): void {
    let entry = this.#byTag.get(tag);
    if (entry === undefined) {
      entry = { tag, keys: new Set() };
      this.#byTag.set(tag, entry);
    }
    entry.keys.add(key);
  }

  #remove(key: string, tag: string): void {
    const entry = this.#byTag.get(tag);
    if (entry?.keys.delete(key) && entry.keys.size === 0) this.#byTag.delete(tag);
  }
}
