// `npm start`: runs the sidecar (`outrider start`) with its embedded defaults, passing extra arguments on.

import { spawn } from 'node:child_process';

const cli = new URL('../packages/sidecar/dist/cli.js', import.meta.url);
// The same V8 flag as the bin's shebang (packages/sidecar/src/cli.ts): a small young generation.
const child = spawn(process.execPath, ['--max-semi-space-size=2', cli.pathname, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
