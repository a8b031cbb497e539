// `npm start` and `npm run demo` (scripts/start.js) stopped the three ways an operator stops them: SIGTERM
// or SIGINT to npm's process, and Ctrl-C (SIGINT to the whole foreground process group). Each leaves
// no process behind and every port free. Real npm, real sidecar, real demo service.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Every live process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after it start past the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // It exited while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

/** Polls `check` until it holds, or fails with `what` after `timeoutMs`. */
async function until(what: () => string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

interface Run {
  npm: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

function runNpm(args: string[], env: Record<string, string>): Run {
  // Its own process group, as a shell gives a foreground job: Ctrl-C is SIGINT to that group.
  const npm = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: 'pipe' });
  let output = '';
  npm.stdout?.on('data', (chunk) => (output += chunk));
  npm.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => npm.once('exit', () => done()));
  return { npm, output: () => output, exited };
}

type Stop = 'SIGTERM to npm' | 'SIGINT to npm' | 'Ctrl-C';

function stop(run: Run, how: Stop): void {
  const pid = run.npm.pid as number;
  if (how === 'SIGTERM to npm') process.kill(pid, 'SIGTERM');
  else if (how === 'SIGINT to npm') process.kill(pid, 'SIGINT');
  else process.kill(-pid, 'SIGINT');
}

/** Starts `args`, waits until every port in `ports` listens, stops it `how`, and checks what is left. */
async function startAndStop(args: string[], env: Record<string, string>, ports: number[], how: Stop) {
  const run = runNpm(args, env);
  const pid = run.npm.pid as number;
  let started: number[] = [];
  try {
    // npm start builds first (a no-op after `npm test`'s tsc -b, yet seconds on a busy machine).
    await until(
      () => `not every port of ${ports.join(', ')} listens:\n${run.output()}`,
      async () => {
        if (run.npm.exitCode !== null) throw new Error(`npm exited early:\n${run.output()}`);
        return (await Promise.all(ports.map(listening))).every(Boolean);
      },
      90_000,
    );
    started = descendants(pid);
    expect(started.length, 'npm, its shell, start.js and the sidecar').toBeGreaterThan(1);
    stop(run, how);
    await run.exited;
    await until(
      () => `still running after npm exited: ${started.filter(alive).join(', ')}\n${run.output()}`,
      () => started.every((child) => !alive(child)),
      20_000,
    );
    const stillListening = (await Promise.all(ports.map(async (port) => ((await listening(port)) ? [port] : []))))
      .flat()
      .map(String);
    expect(stillListening, run.output()).toEqual([]);
  } finally {
    // A failed run must not leak a sidecar holding ports into the rest of the suite.
    for (const child of [pid, ...started].filter(alive)) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

describe('npm start', () => {
  for (const how of ['SIGTERM to npm', 'SIGINT to npm', 'Ctrl-C'] as const) {
    it(`stopped by ${how}: no process left, no port listening`, async () => {
      const [http, otlp] = [await freePort(), await freePort()];
      await startAndStop(['start', '--', '--port', String(http), '--otlp-port', String(otlp)], {}, [http, otlp], how);
    });
  }
});

describe('npm run demo', () => {
  for (const how of ['SIGTERM to npm', 'SIGINT to npm', 'Ctrl-C'] as const) {
    it(`stopped by ${how}: the sidecar and the demo service it supervises are gone, their ports free`, async () => {
      const [http, otlp, demo] = [await freePort(), await freePort(), await freePort()];
      await startAndStop(
        ['run', 'demo', '--', '--port', String(http), '--otlp-port', String(otlp)],
        { DEMO_PORT: String(demo), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp}` },
        [http, otlp, demo],
        how,
      );
    });
  }
});
