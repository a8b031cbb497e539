import type { Registry } from 'prom-client';

interface Sample {
  metricName?: string;
  labels: Record<string, unknown>;
  value: number;
}

/**
 * The value of the first series named `name` whose labels include `labels`, or undefined when there
 * is none. `name` may be a histogram's or summary's series (`..._count`, `..._bucket`).
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  for (const family of await registry.getMetricsAsJSON()) {
    for (const sample of family.values as Sample[]) {
      if ((sample.metricName ?? family.name) !== name) continue;
      if (Object.entries(labels).every(([key, wanted]) => String(sample.labels[key]) === wanted)) return sample.value;
    }
  }
  return undefined;
}
