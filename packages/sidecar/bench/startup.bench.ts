/**
 * What starting the sidecar costs, in interleaved fresh processes (each round runs every case once,
 * in a new order):
 *
 * 1. Idle RSS: `outrider start` with the embedded defaults (no config file; the otlp receiver on a free
 *    port) next to a bare `node -e 'setInterval(() => {}, 1e3)'`, VmRSS after IDLE_SECONDS.
 * 2. Import time: `await import()` of each first-party plugin in a fresh Node, next to @outrider/core and
 *    @outrider/sdk (what every plugin imported before @outrider/plugin-api).
 *
 *   npm run build && node_modules/.bin/node packages/sidecar/bench/startup.bench.ts
 *   BENCH_ROUNDS=5 BENCH_IDLE_SECONDS=10 (the defaults)
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const REPO = join(import.meta.dirname, '../../..');
const NODE = join(REPO, 'node_modules/.bin/node');
const CLI = join(REPO, 'packages/sidecar/dist/cli.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const RSS_TARGET_MB = 80;
const IMPORT_TARGET_MS = 50;
const PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const require = createRequire(import.meta.url);

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function summary(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

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
  // The bin as installed: its shebang runs `node` from PATH (the repo's Node 24 first) with its V8 flags.
  const child = spawn(CLI, ['start', '--port', '0'], {
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

/** ms spent in `await import(name)` in a fresh Node (its own start-up not counted). */
async function importMs(name: string): Promise<number> {
  const url = pathToFileURL(require.resolve(name)).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

const imports = ['@outrider/core', '@outrider/sdk', ...PLUGINS.map((plugin) => `@outrider/plugin-${plugin}`)];
const importTimes = new Map<string, number[]>(imports.map((name) => [name, []]));
const rss = { sidecar: [] as number[], node: [] as number[] };

for (let round = 1; round <= ROUNDS; round++) {
  for (const name of shuffled(imports)) importTimes.get(name)?.push(await importMs(name));
  // The two idle processes run side by side, so both see the same machine.
  const [sidecar, node] = await Promise.all([sidecarIdleRss(), bareNodeIdleRss()]);
  rss.sidecar.push(sidecar);
  rss.node.push(node);
  console.error(`round ${round}/${ROUNDS} done`);
}

const fmt = (n: number) => n.toFixed(1);
console.log(
  `\nImport time, fresh process, median (min–max) of ${ROUNDS} interleaved rounds; target ≤ ${IMPORT_TARGET_MS} ms per plugin\n`,
);
console.log('| import | ms |');
console.log('| --- | ---: |');
for (const name of imports) {
  const { median, min, max } = summary(importTimes.get(name) ?? []);
  console.log(`| \`${name}\` | ${fmt(median)} (${fmt(min)}–${fmt(max)}) |`);
}
console.log(`\nIdle RSS after ${IDLE_SECONDS} s, median (min–max) of ${ROUNDS} rounds; target ≤ ${RSS_TARGET_MB} MB\n`);
console.log('| process | RSS, MB |');
console.log('| --- | ---: |');
for (const [label, values] of [
  ['bare `node`', rss.node],
  ['`outrider start`, embedded defaults', rss.sidecar],
] as const) {
  const { median, min, max } = summary(values);
  console.log(`| ${label} | ${fmt(median)} (${fmt(min)}–${fmt(max)}) |`);
}
