/**
 * First-party plugins: `use: <name>` (or an instance named so) loads `@outrider/plugin-<name>`. The one
 * list: test/plugins/built-in-list.test.ts checks the sidecar's and the dashboards' package.json against it.
 */
export const BUILT_IN_PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'] as const;

export const isBuiltIn = (name: string): boolean => (BUILT_IN_PLUGINS as readonly string[]).includes(name);

export const builtInPackage = (name: string): string => `@outrider/plugin-${name}`;
