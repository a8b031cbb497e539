import type { Registry } from 'prom-client';

const familiesByRegistry = new WeakMap<Registry, Map<string, Set<unknown>>>();

/**
 * Lets many instances (several multiplexers, several monitors) report into one registry. The
 * first source of a `family` defines its metrics, whose `collect` reads every source at scrape
 * time, so the message path only bumps plain numbers. Returns a function that removes the source.
 */
export function addMetricSource<S>(
  registry: Registry,
  family: string,
  source: S,
  define: (sources: ReadonlySet<S>) => void,
): () => void {
  let families = familiesByRegistry.get(registry);
  if (families === undefined) {
    families = new Map();
    familiesByRegistry.set(registry, families);
  }
  let sources = families.get(family) as Set<S> | undefined;
  if (sources === undefined) {
    sources = new Set();
    families.set(family, sources as Set<unknown>);
    define(sources);
  }
  sources.add(source);
  return () => sources.delete(source);
}
