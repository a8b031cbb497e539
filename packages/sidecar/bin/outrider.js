#!/usr/bin/env -S node --max-semi-space-size=2
// The `outrider` command. npm links bins when it installs, before anything is built, so the bin is
// this committed file: it runs the built CLI, building it first in a fresh clone of the repository.
// The CLI runs in this process, so this shebang carries the CLI's V8 flag (see src/cli.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  if (!existsSync(`${repo}tsconfig.json`)) {
    process.stderr.write(`outrider: ${cli} is missing and there is no source tree to build it from\n`);
    process.exit(70);
  }
  process.stderr.write('outrider: first run in this checkout: building (npm run build)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build', '--silent'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0 || !existsSync(cli)) process.exit(built.status || 70);
}
await import(new URL('../dist/cli.js', import.meta.url).href);
