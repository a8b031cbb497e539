interface Node {
  readonly segment: string;
  readonly parent: Node | undefined;
  children: Map<string, Node> | undefined;
  /** Set when a key ends at this node. */
  key: string | undefined;
}

/**
 * Keys in a trie of delimiter-separated segments (`user:42:profile` → user → 42 → profile), so
 * `keysWithPrefix('user:42:')` visits only the keys under that path, and a prefix ending inside a
 * segment (`user:4`) scans only the siblings at that one level. Empty branches are pruned on removal.
 */
export class PrefixIndex {
  readonly #root: Node = { segment: '', parent: undefined, children: undefined, key: undefined };
  #nodes = 0;

  constructor(readonly delimiter: string) {}

  add(key: string): void {
    let node = this.#root;
    let start = 0;
    for (;;) {
      const end = key.indexOf(this.delimiter, start);
      const segment = end === -1 ? key.slice(start) : key.slice(start, end);
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { segment, parent: node, children: undefined, key: undefined };
        node.children.set(segment, child);
        this.#nodes += 1;
      }
      node = child;
      if (end === -1) break;
      start = end + 1;
    }
    node.key = key;
  }

  remove(key: string): void {
    let node: Node | undefined = this.#root;
    let start = 0;
    for (;;) {
      const end = key.indexOf(this.delimiter, start);
      node = node.children?.get(end === -1 ? key.slice(start) : key.slice(start, end));
      if (node === undefined) return;
      if (end === -1) break;
      start = end + 1;
    }
    if (node.key !== key) return;
    node.key = undefined;
    while (node.parent !== undefined && node.key === undefined && (node.children?.size ?? 0) === 0) {
      node.parent.children?.delete(node.segment);
      this.#nodes -= 1;
      node = node.parent;
    }
  }

  keysWithPrefix(prefix: string): string[] {
    let node: Node | undefined = this.#root;
    let start = 0;
    for (;;) {
      const end = prefix.indexOf(this.delimiter, start);
      if (end === -1) break;
      node = node.children?.get(prefix.slice(start, end));
      if (node === undefined) return [];
      start = end + 1;
    }
    const partial = prefix.slice(start);
    const keys: string[] = [];
    const stack: Node[] = [];
    for (const [segment, child] of node.children ?? []) if (segment.startsWith(partial)) stack.push(child);
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next.key !== undefined) keys.push(next.key);
      if (next.children !== undefined) for (const child of next.children.values()) stack.push(child);
    }
    return keys;
  }

  /** Trie nodes alive: for leak checks. */
  get nodes(): number {
    return this.#nodes;
  }

  clear(): void {
    this.#root.children = undefined;
    this.#root.key = undefined;
    this.#nodes = 0;
  }
}
