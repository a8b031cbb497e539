// `npm start`: runs the sidecar with its embedded defaults once @outrider/sidecar exists.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = new URL('../packages/sidecar/dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('outrider: the sidecar (@outrider/sidecar) is not built yet; it lands with its own issue.');
  process.exit(1);
}
const child = spawn(process.execPath, [cli.pathname, 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
