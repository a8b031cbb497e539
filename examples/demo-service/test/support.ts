import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export const REPO = join(import.meta.dirname, '../../..');
export const NODE = join(REPO, 'node_modules/.bin/node');
/** The `outrider` bin of the declared `@outrider/sidecar` devDependency (built by `npm run build`). */
function sidecarCli(): string {
  const root = join(dirname(createRequire(import.meta.url).resolve('@outrider/sidecar')), '..');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { outrider: string } };
  return join(root, manifest.bin.outrider);
}

export const SIDECAR_CLI = sidecarCli();
export const DEMO_MAIN = join(REPO, 'examples/demo-service/dist/main.js');
export const DEMO_CONFIG = 'examples/demo-service/outrider.demo.yaml';

/** What `npm run demo` needs built; a missing file fails with the command that builds it. */
export function missingBuild(): string | undefined {
  for (const file of [SIDECAR_CLI, DEMO_MAIN]) {
    if (!existsSync(file)) return `${file} is missing: run \`npm run build\` (or tsc -b) first`;
  }
  return undefined;
}

/** A port that was free a moment ago (the OS picks it; the race with other tests is tiny). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SidecarRun {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the sidecar has exited. */
  readonly exited: Promise<number | null>;
}

/** `outrider start --config outrider.demo.yaml` from the repository root, as `npm run demo` runs it. */
export function startSidecar(args: readonly string[], env: NodeJS.ProcessEnv): SidecarRun {
  const child = spawn(NODE, [SIDECAR_CLI, 'start', '--config', DEMO_CONFIG, ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The `msg` JSON log lines of a pino output with this message. */
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
