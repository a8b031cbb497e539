import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { standardDecorators } from './scripts/standard-decorators.ts';

const root = import.meta.dirname;

/** Every npm workspace (`packages/*`, `test`, ...) that has tests, as an inline project named after its package. */
function workspaceProjects(): TestProjectInlineConfiguration[] {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(pattern.slice(0, -2), entry.name))
      : [pattern],
  );
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => {
      const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string };
      // `extends: true`: the timeouts and plugins below apply to every project (a project given as a
      // directory or its own config file would get vitest's defaults instead, e.g. a 5 s test timeout).
      return { extends: true, root: join(root, dir), test: { name } };
    });
}

const projects: TestProjectInlineConfiguration[] = [
  ...workspaceProjects(),
  // The scaffolder's and the layering check's tests are not in a workspace.
  {
    extends: true,
    root: join(root, 'scripts'),
    test: { name: 'scripts', include: ['new-plugin.test.ts', 'check-layers.test.ts', 'start.test.ts'] },
  },
];
// `npm test` inside a workspace (vitest finds this file from there) runs that workspace's tests only.
const cwd = process.cwd();
const here = projects.find((project) => cwd === project.root || cwd.startsWith(`${project.root}/`));

export default defineConfig({
  // Lowers TC39 decorators in the test files that use them (`@retry`, `@cached`); others pass through.
  plugins: [standardDecorators()],
  test: {
    projects: here === undefined ? projects : [here],
    reporters: ['default', join(root, 'scripts/summary-reporter.ts')],
    // Generous on purpose: tests start real processes (the CLI, Prometheus) and must hold on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
