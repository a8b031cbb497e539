import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness.ts';

/** `packages/<name>` and `plugins/<name>` folders whose package.json has a `bench` script, sorted. */
export function workspacesWithBench(): string[] {
  const root = repoRoot();
  const found: string[] = [];
  for (const group of ['packages', 'plugins']) {
    for (const name of readdirSync(join(root, group))) {
      try {
        const manifest = JSON.parse(readFileSync(join(root, group, name, 'package.json'), 'utf8')) as {
          scripts?: Record<string, string>;
        };
        if (manifest.scripts?.bench !== undefined) found.push(`${group}/${name}`);
      } catch {
        // not a workspace
      }
    }
  }
  return found.sort();
}
