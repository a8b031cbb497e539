import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sidecarConfigSchema } from '../src/config/schema.js';
import { BUILT_IN_PLUGINS } from '../src/plugins/builtin.js';
import { resolvePlugin } from '../src/plugins/resolve.js';

interface Def {
  type: string;
  catchall?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of objects that drop unknown keys silently (neither strict nor deliberately open). */
function lenientObjects(schema: z.ZodType, path = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const found: string[] = [];
  if (def.type === 'object' && def.catchall === undefined) found.push(path || '(root)');
  for (const [key, child] of Object.entries(def.shape ?? {}))
    found.push(...lenientObjects(child, path ? `${path}.${key}` : key, seen));
  for (const child of [def.innerType, def.in, def.out, def.element, def.valueType, ...(def.options ?? [])]) {
    if (child !== undefined) found.push(...lenientObjects(child, path, seen));
  }
  return found;
}

describe('strict config schemas', () => {
  it('the sidecar schema rejects unknown keys everywhere (plugin sections are checked by each plugin)', () => {
    expect(lenientObjects(sidecarConfigSchema)).toEqual([]);
  });

  it.each(BUILT_IN_PLUGINS)('plugin %s rejects unknown keys everywhere', async (name) => {
    const plugin = await resolvePlugin(name, process.cwd(), name);
    expect(lenientObjects(plugin.configSchema)).toEqual([]);
  });
});
