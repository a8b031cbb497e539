import { relative } from 'node:path';

/** Where a config value came from: a file position, an environment variable, an override or a default. */
export type ConfigSource =
  | { kind: 'file'; file: string; line?: number; column?: number }
  | { kind: 'env'; variable: string }
  | { kind: 'override' }
  | { kind: 'default' };

/** `outrider.yaml:12:3`, `env OUTRIDER_SERVER__PORT`, `override` or `default`. */
export function formatSource(source: ConfigSource, cwd: string): string {
  switch (source.kind) {
    case 'file': {
      const file = relative(cwd, source.file) || source.file;
      return source.line === undefined ? file : `${file}:${source.line}:${source.column ?? 1}`;
    }
    case 'env':
      return `env ${source.variable}`;
    default:
      return source.kind;
  }
}

/**
 * Where each path's value came from, layer by layer. Later layers win; a layer that sets a whole
 * value replaces what lower layers said about the paths under it.
 */
export class SourceMap {
  readonly #byPath = new Map<string, ConfigSource>();
  /** Objects a file defines: they place a missing key, but do not set the values under them. */
  readonly #containers = new Map<string, ConfigSource>();

  /** Records who set the value at `path`; `container` marks an object whose keys are recorded too. */
  set(path: string, source: ConfigSource, container = false): void {
    if (container) {
      this.#containers.set(path, source);
      return;
    }
    for (const key of this.#byPath.keys()) if (key.startsWith(`${path}.`)) this.#byPath.delete(key);
    this.#byPath.set(path, source);
  }

  /** Who set the value at `path` (or a whole value above it); `default` when nobody did. */
  lookup(path: string): ConfigSource {
    return this.#nearest(path, false);
  }

  /** Like `lookup`, but falls back to the nearest enclosing object a file defines: where a key is missing. */
  locate(path: string): ConfigSource {
    return this.#nearest(path, true);
  }

  #nearest(path: string, containers: boolean): ConfigSource {
    let current = path;
    for (;;) {
      const found = this.#byPath.get(current) ?? (containers ? this.#containers.get(current) : undefined);
      if (found !== undefined) return found;
      if (current === '') return { kind: 'default' };
      const dot = current.lastIndexOf('.');
      current = dot === -1 ? '' : current.slice(0, dot);
    }
  }
}
