import type { FamilyKind, MetricFamily } from './metric-family.js';

interface CollectedValues {
  values?: unknown[];
}

/** A prom-client metric as the registry holds it: what a scrape calls. */
interface Collectable {
  readonly type?: string;
  get(): Promise<CollectedValues> | CollectedValues;
  getForPromString?(): Promise<CollectedValues> | CollectedValues;
}

/**
 * Serves a family's series under a sidecar metric of the same name and type. A service running
 * the SDK packages sends the very metrics the sidecar records itself (`outrider_scheduler_*`,
 * `outrider_ws_*`, `process_*`); a registry holds one metric per name, so the app's series are
 * appended to the sidecar's own at scrape time, told apart by their `job` / `instance` labels.
 * Returns the undo, or undefined when the metric is of another type.
 */
export function shareMetric(metric: unknown, family: MetricFamily, kind: FamilyKind): (() => void) | undefined {
  const target = metric as Collectable;
  if (target.type !== kind || typeof target.get !== 'function') return undefined;
  // Histograms render through getForPromString, and their get() calls it: patch only that one.
  const method = typeof target.getForPromString === 'function' ? 'getForPromString' : 'get';
  const original = target[method] as () => Promise<CollectedValues> | CollectedValues;
  const hadOwn = Object.hasOwn(target, method);
  const shared = async function (this: Collectable) {
    const data = await original.call(this);
    return { ...data, values: [...(data.values ?? []), ...family.get().values] };
  };
  Object.defineProperty(target, method, { value: shared, configurable: true, writable: true });
  return () => {
    if (target[method] !== shared) return;
    if (hadOwn) Object.defineProperty(target, method, { value: original, configurable: true, writable: true });
    else delete (target as Partial<Collectable>)[method];
  };
}
