// `npm start` and `npm run demo`: build what is missing or stale, then run the sidecar (`outrider start`),
// passing extra arguments on. The scripts `exec` this file, so npm's shell becomes it: the SIGTERM and
// SIGINT npm forwards to its script reach it (a shell waiting for a child would sit on a SIGINT), and it
// forwards them to the sidecar, which stops its plugins (and the apps they supervise) before it exits.

import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (built.status !== 0) process.exit(built.status ?? 1);

const cli = new URL('../packages/sidecar/dist/cli.js', import.meta.url);
// The same V8 flag as the bin's shebang (packages/sidecar/src/cli.ts): a small young generation.
const child = spawn(process.execPath, ['--max-semi-space-size=2', cli.pathname, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
// npm exits on SIGTERM without passing it on; left orphaned, this stops the sidecar as if it had.
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphaned);
  child.kill('SIGTERM');
}, 250);
child.on('exit', (code, signal) => {
  clearInterval(orphaned);
  process.exit(code ?? (signal ? 1 : 0));
});
