// Fails when a workspace imports against the package layering, uses a package it does not declare,
// re-exports with `export *`, or makes an import that costs the sidecar memory it never uses.
// Run by `npm test` (after the type check and lint) and on its own: `node scripts/check-layers.ts`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';

/** The repository to check: this one, or the directory given as the first argument (the script's own test). */
const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));

/**
 * The layers, innermost first. A package's own source may import only packages of an inner layer,
 * plus the ones listed under `sameLayer`. Tests and benchmarks may import anything they declare.
 */
const LAYERS: readonly { name: string; packages: readonly string[] }[] = [
  { name: 'core', packages: ['@outrider/core'] },
  { name: 'metrics', packages: ['@outrider/metrics'] },
  {
    name: 'SDK packages',
    packages: [
      '@outrider/config',
      '@outrider/logger',
      '@outrider/cache',
      '@outrider/retry',
      '@outrider/scheduler',
      '@outrider/ws',
      '@outrider/telemetry',
      '@outrider/redis',
      '@outrider/http',
    ],
  },
  { name: 'plugin API and service SDK', packages: ['@outrider/plugin-api', '@outrider/sdk'] },
  { name: 'plugins, plugin test kit, dashboards', packages: ['@outrider/testing', '@outrider/dashboards'] },
  { name: 'sidecar', packages: ['@outrider/sidecar'] },
  { name: 'examples and cross-package tests', packages: ['@outrider/demo-service', '@outrider/tests'] },
];
/** Imports within one layer that the design allows. */
const SAME_LAYER: Readonly<Record<string, readonly string[]>> = {
  // Its connection options are a config schema (secrets redacted as everywhere).
  '@outrider/redis': ['@outrider/config'],
};
/** Packages whose imports of another of our packages must be `import type` (erased at run time). */
const TYPE_ONLY: Readonly<Record<string, readonly string[]>> = {
  '@outrider/plugin-api': ['@outrider/cache', '@outrider/scheduler'],
};
/**
 * Value imports that cost an idle sidecar memory it never uses, with the way around each (`import type`
 * is always fine). An ES import of node:http or node:https fills the module namespace from every export,
 * and the WebSocket getters among them load Node's bundled undici (about 13 MB of RSS); @koa/router's ES
 * build makes that import. prom-client's index loads its Pushgateway, whose https brings in node:tls
 * (about 3 MB); @outrider/metrics takes the classes from their own files.
 */
const COSTLY_IMPORTS: Readonly<Record<string, { cost: string; instead: string; owner?: string }>> = {
  'node:http': {
    cost: 'an ES import of node:http loads undici (~13 MB RSS)',
    instead: "take it with process.getBuiltinModule('node:http')",
  },
  'node:https': {
    cost: 'an ES import of node:https loads undici (~13 MB RSS)',
    instead: "take it with process.getBuiltinModule('node:https')",
  },
  '@koa/router': {
    cost: 'its ES build imports node:http, which loads undici (~13 MB RSS)',
    instead: 'import Router from @outrider/http (the CommonJS build)',
    owner: '@outrider/http',
  },
  'prom-client': {
    cost: 'its index loads the Pushgateway and node:tls (~3 MB RSS)',
    instead: 'use @outrider/metrics (createRegistry, counter, gauge, histogram)',
    owner: '@outrider/metrics',
  },
};
/** `@outrider/sdk` is the one import for services: no package, plugin or the sidecar imports it. */
const SERVICES_ONLY = '@outrider/sdk';

interface Workspace {
  readonly name: string;
  readonly dir: string;
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
}

function layerOf(name: string): number {
  if (name.startsWith('@outrider/plugin-') && name !== '@outrider/plugin-api') return 4;
  return LAYERS.findIndex((layer) => layer.packages.includes(name));
}

function workspaces(): Workspace[] {
  const { workspaces: patterns } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const dirs = patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(pattern.slice(0, -2), entry.name))
      : [pattern],
  );
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      return {
        name: manifest.name,
        dir,
        dependencies: new Set([
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.peerDependencies ?? {}),
        ]),
        devDependencies: new Set(Object.keys(manifest.devDependencies ?? {})),
      };
    });
}

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'fixtures-out') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

interface Import {
  readonly specifier: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(text: string): Import[] {
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const found: Import[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const specifier = match[3] as string;
    found.push({ specifier, line: lineAt(match.index), typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    found.push({ specifier: match[1] as string, line: lineAt(match.index), typeOnly: false });
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:fs` and relative paths → undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  return builtinModules.includes(name) ? undefined : name;
}

const problems: string[] = [];
const all = workspaces();
/** The root's devDependencies (vitest, TypeScript, @types/node, esbuild) are every workspace's test tooling. */
const tooling = new Set(
  Object.keys(
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> })
      .devDependencies ?? {},
  ),
);
const byName = new Map(all.map((workspace) => [workspace.name, workspace]));

for (const workspace of all) {
  const ownLayer = layerOf(workspace.name);
  if (workspace.name.startsWith('@outrider/') && ownLayer < 0) {
    problems.push(`${workspace.dir}/package.json: ${workspace.name} has no layer in scripts/check-layers.ts`);
  }
  const base = join(root, workspace.dir);
  for (const file of sourceFiles(base)) {
    const where = relative(root, file);
    const inSource = relative(base, file).split(sep)[0] === 'src';
    const text = readFileSync(file, 'utf8');
    if (inSource && /^\s*export\s+\*/m.test(text)) {
      problems.push(`${where}: \`export *\`; list the public API by name`);
    }
    if (workspace.name !== '@outrider/sidecar' && /packages[/\\]sidecar[/\\]dist/.test(text)) {
      problems.push(
        `${where}: reaches into packages/sidecar/dist by path; resolve it through @outrider/sidecar and declare it`,
      );
    }
    for (const { specifier, line, typeOnly } of importsOf(text)) {
      const at = `${where}:${line}`;
      const costly = COSTLY_IMPORTS[specifier.replace(/^(https?)$/, 'node:$1')];
      const sidecarLoads = ownLayer <= layerOf('@outrider/sidecar');
      if (inSource && !typeOnly && costly !== undefined && sidecarLoads && costly.owner !== workspace.name) {
        problems.push(`${at}: imports ${specifier}: ${costly.cost}; ${costly.instead}`);
      }
      if (specifier.startsWith('.')) {
        const target = join(file, '..', specifier);
        // Tests and benchmarks may use the repo's own tooling in scripts/ (the shared bench harness).
        const inScripts = !inSource && !relative(join(root, 'scripts'), target).startsWith('..');
        if (relative(base, target).startsWith('..') && !inScripts) {
          problems.push(
            `${at}: imports ${specifier} outside ${workspace.dir}; import the package by name and declare it`,
          );
        }
        continue;
      }
      const name = packageOf(specifier);
      if (name === undefined || name === workspace.name) continue;
      const declared =
        workspace.dependencies.has(name) || (!inSource && (workspace.devDependencies.has(name) || tooling.has(name)));
      if (!declared) {
        problems.push(
          `${at}: imports ${name}, which ${workspace.dir}/package.json does not declare in ${inSource ? 'dependencies' : 'dependencies or devDependencies'}`,
        );
      }
      if (!inSource || !byName.has(name)) continue;
      if (name === SERVICES_ONLY && ownLayer < 6) {
        problems.push(`${at}: imports ${SERVICES_ONLY}, the services' barrel; import the package that owns the name`);
        continue;
      }
      const theirLayer = layerOf(name);
      const allowed = theirLayer < ownLayer || SAME_LAYER[workspace.name]?.includes(name);
      if (!allowed) {
        problems.push(
          `${at}: ${workspace.name} (${LAYERS[ownLayer]?.name ?? 'plugins'}) imports ${name} (${LAYERS[theirLayer]?.name ?? 'plugins'}); dependencies point inward`,
        );
      }
      if (TYPE_ONLY[workspace.name]?.includes(name) && !typeOnly) {
        problems.push(`${at}: ${workspace.name} may import only types from ${name} (\`import type\`)`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`check-layers: ${all.length} workspaces, imports point inward and are declared`);
