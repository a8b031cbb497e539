/**
 * What starting the sidecar costs, in interleaved fresh processes (scripts/bench/harness.ts):
 *
 * 1. Idle RSS: `outrider start` as npm installs it (node_modules/.bin/outrider, the bin with its V8
 *    flag) with the embedded defaults (no config file; the otlp receiver on a free port) next to a
 *    bare `node -e 'setInterval(() => {}, 1e3)'`, VmRSS after IDLE_SECONDS.
 * 2. Import time: `await import()` of each first-party plugin as the sidecar loads it — in a fresh
 *    Node that has already imported the CLI's code (dist/cli/main.js: what `outrider start` has loaded
 *    when its config names the plugins, koa and node:http, zod, prom-client and the plugin API among
 *    it) — next to `@outrider/core` alone in a fresh Node.
 *
 *   npm run build && npm run bench -w @outrider/sidecar
 *   BENCH_ROUNDS=5 BENCH_IDLE_SECONDS=10 (the defaults)
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { compare, type RowResult, report } from '../../../scripts/bench/harness.ts';

const REPO = join(import.meta.dirname, '../../..');
const NODE = join(REPO, 'node_modules/.bin/node');
const BIN = join(REPO, 'node_modules/.bin/outrider');
const CLI_CODE = join(REPO, 'packages/sidecar/dist/cli/main.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const RSS_TARGET_MB = 80;
const IMPORT_TARGET_MS = 50;
const PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const require = createRequire(import.meta.url);

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Waits for a JSON log line whose `msg` is `message` on the child's stdout. */
function waitForLog(child: ChildProcess, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      if (buffered.split('\n').some((line) => line.includes(`"msg":"${message}"`))) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${message}": ${buffered}`)));
  });
}

/** RSS of `outrider start` (embedded defaults) IDLE_SECONDS after it logged that it started. */
async function sidecarIdleRss(): Promise<number> {
  const cwd = await mkdtemp(join(tmpdir(), 'outrider-startup-'));
  // The bin as installed: its shebang runs `node` from PATH (the repo's Node 24 first) with its V8 flag.
  const child = spawn(BIN, ['start', '--port', '0'], {
    cwd,
    env: {
      ...process.env,
      PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH}`,
      OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await waitForLog(child, 'outrider started');
    await sleep(IDLE_SECONDS * 1000);
    return await rssMb(child.pid as number);
  } finally {
    await stop(child);
    await rm(cwd, { recursive: true, force: true });
  }
}

async function bareNodeIdleRss(): Promise<number> {
  const child = spawn(NODE, ['-e', 'setInterval(() => {}, 1e3)'], { stdio: 'ignore' });
  try {
    await sleep(IDLE_SECONDS * 1000);
    return await rssMb(child.pid as number);
  } finally {
    await stop(child);
  }
}

/** ms spent in `await import(name)` in a fresh Node (its own start-up not counted), after `after` was imported. */
async function importMs(name: string, after?: string): Promise<number> {
  const url = (specifier: string) => JSON.stringify(pathToFileURL(require.resolve(specifier)).href);
  const script = `${after === undefined ? '' : `await import(${url(after)});`} const t = performance.now(); await import(${url(name)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

const rows: RowResult[] = [];
rows.push(
  await compare({
    row: `idle RSS ${IDLE_SECONDS} s after start, embedded defaults`,
    unit: 'MB',
    anchorName: 'bare idle `node`',
    goal: { on: 'ours', op: '<=', value: RSS_TARGET_MB },
    rounds: ROUNDS,
    warmUp: false,
    ours: sidecarIdleRss,
    anchor: bareNodeIdleRss,
  }),
);
for (const plugin of PLUGINS) {
  rows.push(
    await compare({
      row: `import of @outrider/plugin-${plugin} in the sidecar`,
      unit: 'ms',
      anchorName: '`@outrider/core` alone',
      goal: { on: 'ours', op: '<=', value: IMPORT_TARGET_MS },
      rounds: ROUNDS,
      warmUp: false,
      ours: () => importMs(`@outrider/plugin-${plugin}`, CLI_CODE),
      anchor: () => importMs('@outrider/core'),
    }),
  );
}
report('Sidecar start-up: idle RSS and plugin import time, each measurement a fresh process', rows);
