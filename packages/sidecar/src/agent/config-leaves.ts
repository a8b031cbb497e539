/** The dot paths of every leaf of a config tree (`server.port`, `plugins.app.args.0`); an empty object or array is a leaf. */
export function configLeaves(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix === '' ? [] : [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  if (entries.length === 0) return prefix === '' ? [] : [prefix];
  return entries.flatMap(([key, item]) => configLeaves(item, prefix === '' ? key : `${prefix}.${key}`));
}
