// `npm run bench`: runs every workspace's `bench` script one at a time (benchmarks must not share
// the cores), goes on past a failing one, then writes BENCHMARKS.md from the rows they saved
// (write-benchmarks.ts). Exits 1 when any bench failed. Run after a build.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness.ts';
import { workspacesWithBench } from './workspaces.ts';

const root = repoRoot();
rmSync(join(root, 'bench-results'), { recursive: true, force: true });
const failed: string[] = [];
for (const workspace of workspacesWithBench()) {
  console.log(`\n=== ${workspace}: npm run bench`);
  const run = spawnSync('npm', ['run', 'bench', '--silent'], { cwd: join(root, workspace), stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${workspace} (exit ${run.status ?? run.signal})`);
}
const written = spawnSync(process.execPath, [join(import.meta.dirname, 'write-benchmarks.ts')], { stdio: 'inherit' });
if (failed.length > 0) console.error(`\nbenches that failed: ${failed.join(', ')}`);
process.exit(failed.length > 0 || written.status !== 0 ? 1 : 0);
