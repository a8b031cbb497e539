/**
 * Who runs after whom: `after` lists per job and the reverse index, so a finished run finds its
 * dependents without scanning every job.
 */
export class JobGraph {
  readonly #after = new Map<string, readonly string[]>();
  readonly #dependents = new Map<string, Set<string>>();

  set(id: string, after: readonly string[]): void {
    this.delete(id);
    this.#after.set(id, after);
    for (const name of after) {
      const set = this.#dependents.get(name) ?? new Set<string>();
      set.add(id);
      this.#dependents.set(name, set);
    }
  }

  delete(id: string): void {
    for (const name of this.#after.get(id) ?? []) this.#dependents.get(name)?.delete(id);
    this.#after.delete(id);
  }

  /** Jobs whose `after` names `id`. */
  dependentsOf(id: string): ReadonlySet<string> | undefined {
    return this.#dependents.get(id);
  }

  /** The path from `from` back to `to` through `after` lists, if giving `from` these would close a cycle. */
  cycleThrough(from: string, after: readonly string[]): string[] | undefined {
    const seen = new Set<string>();
    const walk = (id: string, path: string[]): string[] | undefined => {
      if (id === from) return path;
      if (seen.has(id)) return undefined;
      seen.add(id);
      for (const next of this.#after.get(id) ?? []) {
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
      return undefined;
    };
    for (const name of after) {
      const found = walk(name, [from, name]);
      if (found) return found;
    }
    return undefined;
  }
}
