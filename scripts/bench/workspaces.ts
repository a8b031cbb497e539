import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness.ts';

/** The root package.json's workspace folders (`packages/*` expanded), relative to the repo. */
function workspaceDirs(root: string): string[] {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  return workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}`)
      : [pattern],
  );
}

/** Workspace folders whose package.json has a `bench` script, sorted. */
export function workspacesWithBench(): string[] {
  const root = repoRoot();
  const found: string[] = [];
  for (const dir of workspaceDirs(root)) {
    const manifest = join(root, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
    if (scripts?.bench !== undefined) found.push(dir);
  }
  return found.sort();
}
