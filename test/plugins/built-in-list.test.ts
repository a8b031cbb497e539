import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUILT_IN_PLUGINS } from '@outrider/sidecar';
import { describe, expect, it } from 'vitest';

/** The `@outrider/plugin-*` packages a workspace declares, found through Node's resolution of it. */
function declaredPlugins(workspace: string, field: 'dependencies' | 'devDependencies'): string[] {
  const entry = createRequire(import.meta.url).resolve(workspace);
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '../package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  return Object.keys(manifest[field] ?? {})
    .filter((name) => name.startsWith('@outrider/plugin-') && name !== '@outrider/plugin-api') // the contract, not a plugin
    .sort();
}

describe('the built-in plugins are listed once', () => {
  const expected = BUILT_IN_PLUGINS.map((name) => `@outrider/plugin-${name}`).sort();

  it('the sidecar depends on exactly the plugins of its BUILT_IN_PLUGINS', () => {
    expect(declaredPlugins('@outrider/sidecar', 'dependencies')).toEqual(expected);
  });

  it('the dashboards build and structure test take the panels of the same plugins', () => {
    expect(declaredPlugins('@outrider/dashboards', 'devDependencies')).toEqual(expected);
  });
});
