import type { KeysByType } from './adapter.js';

type KeySets = Map<string, Set<string>>;

function addTo(sets: KeySets, type: string, key: string): void {
  let keys = sets.get(type);
  if (keys === undefined) {
    keys = new Set();
    sets.set(type, keys);
  }
  keys.add(key);
}

/** Deletes and reports whether it was there. */
function deleteFrom(sets: KeySets, type: string, key: string): boolean {
  const keys = sets.get(type);
  if (keys === undefined || !keys.delete(key)) return false;
  if (keys.size === 0) sets.delete(type);
  return true;
}

function toArrays(sets: KeySets): Map<string, string[]> {
  const arrays = new Map<string, string[]>();
  for (const [type, keys] of sets) arrays.set(type, [...keys]);
  return arrays;
}

/**
 * Upstream changes not yet sent, netted: a key that goes live and dead again within one
 * coalescing window cancels out instead of costing two messages.
 */
export class PendingChanges {
  #added: KeySets = new Map();
  #removed: KeySets = new Map();
  #snapshots: KeySets = new Map();

  wentLive(type: string, key: string): void {
    if (!deleteFrom(this.#removed, type, key)) addTo(this.#added, type, key);
  }

  wentDead(type: string, key: string): void {
    if (!deleteFrom(this.#added, type, key)) addTo(this.#removed, type, key);
  }

  requestSnapshot(type: string, key: string): void {
    addTo(this.#snapshots, type, key);
  }

  /** Returns the changes and forgets them. */
  take(): { added: KeysByType; removed: KeysByType; snapshots: KeysByType } {
    const taken = {
      added: toArrays(this.#added),
      removed: toArrays(this.#removed),
      snapshots: toArrays(this.#snapshots),
    };
    this.clear();
    return taken;
  }

  clear(): void {
    this.#added = new Map();
    this.#removed = new Map();
    this.#snapshots = new Map();
  }
}
