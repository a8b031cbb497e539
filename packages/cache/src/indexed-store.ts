import { invalid } from './invalid.js';

export interface IndexedStoreOptions<T, I extends keyof T> {
  /** The field holding each item's unique id, or a function returning it. */
  id: keyof T | ((item: T) => string | number);
  /** Fields to index; each gets O(1) lookup by value. */
  indexes: readonly I[];
}

/**
 * Items by id with secondary indexes: `by('type', 'note')` is a map lookup,
 * not a scan. Indexes follow `set` (insert or replace) and `delete`; empty buckets are dropped.
 * Items are indexed by their field values at `set` time: after changing an item, `set` it again.
 */
export class IndexedStore<T, I extends keyof T> {
  readonly #items = new Map<string | number, T>();
  readonly #indexes = new Map<I, Map<unknown, Map<string | number, T>>>();
  readonly #idOf: (item: T) => string | number;

  constructor(options: IndexedStoreOptions<T, I>) {
    const where = 'createIndexedStore';
    if (typeof options !== 'object' || options === null) throw invalid(where, 'options', 'must be an object');
    const { id, indexes } = options;
    if (typeof id === 'function') this.#idOf = id;
    else if (typeof id === 'string' || typeof id === 'number' || typeof id === 'symbol') {
      this.#idOf = (item) => item[id] as string | number;
    } else throw invalid(where, 'id', 'must be a field name or a function');
    if (!Array.isArray(indexes)) throw invalid(where, 'indexes', 'must be an array of field names');
    for (const field of indexes as readonly unknown[]) {
      if (typeof field !== 'string' || field === '') throw invalid(where, 'indexes', 'must list non-empty field names');
      if (this.#indexes.has(field as I)) throw invalid(where, 'indexes', `names "${field}" twice`);
      this.#indexes.set(field as I, new Map());
    }
  }

  /** Inserts or replaces the item with the same id, moving it between index buckets as needed. */
  set(item: T): this {
    if (typeof item !== 'object' || item === null) throw invalid('IndexedStore.set', 'item', 'must be an object');
    const id = this.#idOf(item);
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw invalid('IndexedStore.set', 'id', `must be a string or number, got ${typeof id}`);
    }
    const previous = this.#items.get(id);
    if (previous !== undefined) this.#unindex(id, previous);
    this.#items.set(id, item);
    for (const [field, buckets] of this.#indexes) {
      const value = item[field];
      if (value === undefined) continue;
      let bucket = buckets.get(value);
      if (bucket === undefined) {
        bucket = new Map();
        buckets.set(value, bucket);
      }
      bucket.set(id, item);
    }
    return this;
  }

  get(id: string | number): T | undefined {
    return this.#items.get(id);
  }

  delete(id: string | number): boolean {
    const item = this.#items.get(id);
    if (item === undefined) return false;
    this.#unindex(id, item);
    return this.#items.delete(id);
  }

  /** Items whose `field` equals `value`, in insertion order. */
  by<F extends I>(field: F, value: T[F]): T[] {
    const bucket = this.#buckets(field).get(value);
    return bucket === undefined ? [] : [...bucket.values()];
  }

  /** How many items have `field` equal to `value`, without copying them. */
  countBy<F extends I>(field: F, value: T[F]): number {
    return this.#buckets(field).get(value)?.size ?? 0;
  }

  /** The distinct values `field` has across items. */
  valuesOf<F extends I>(field: F): T[F][] {
    return [...this.#buckets(field).keys()] as T[F][];
  }

  values(): IterableIterator<T> {
    return this.#items.values();
  }

  get size(): number {
    return this.#items.size;
  }

  clear(): void {
    this.#items.clear();
    for (const buckets of this.#indexes.values()) buckets.clear();
  }

  #buckets(field: I): Map<unknown, Map<string | number, T>> {
    const buckets = this.#indexes.get(field);
    if (buckets === undefined) throw invalid('IndexedStore', 'field', `"${String(field)}" is not indexed`);
    return buckets;
  }

  #unindex(id: string | number, item: T): void {
    for (const [field, buckets] of this.#indexes) {
      const value = item[field];
      const bucket = buckets.get(value);
      if (bucket?.delete(id) && bucket.size === 0) buckets.delete(value);
    }
  }
}

/** A new indexed store; see {@link IndexedStoreOptions}. */
export function createIndexedStore<T, I extends keyof T = keyof T>(
  options: IndexedStoreOptions<T, I>,
): IndexedStore<T, I> {
  return new IndexedStore(options);
}
