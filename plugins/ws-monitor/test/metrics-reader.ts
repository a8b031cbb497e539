import type { Registry } from 'prom-client';

/** The value of one series (`name` with exactly these labels among its own), or undefined. */
export async function sampleValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const family = (await registry.getMetricsAsJSON()).find((metric) =>
    (metric.values as { metricName?: string }[]).some((value) => (value.metricName ?? metric.name) === name),
  );
  const sample = (family?.values as { metricName?: string; labels: Record<string, unknown>; value: number }[])?.find(
    (value) =>
      (value.metricName ?? family?.name) === name &&
      Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
  );
  return sample?.value;
}
