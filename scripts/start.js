// `npm start`: runs the sidecar (`outrider start`) with its embedded defaults, passing extra arguments on.

import { spawn } from 'node:child_process';

const cli = new URL('../packages/sidecar/dist/cli.js', import.meta.url);
const child = spawn(process.execPath, [cli.pathname, 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
