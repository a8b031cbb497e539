/**
 * What the web console adds to an idle sidecar, in interleaved fresh processes (scripts/bench/harness.ts).
 * Every process is `outrider start` with the embedded defaults; VmRSS is read IDLE_SECONDS after start
 * (or after the console was loaded):
 *
 * 1. console loaded — /ui, its script, styles and icon, the overview, the series and a live event stream
 *    opened and closed, as one browser visit — against the same sidecar whose console was never opened;
 * 2. console on and never opened (its series sampled every 5 s) against `ui.enabled: false`.
 *
 *   npm run build && node_modules/.bin/node packages/sidecar/bench/console-footprint.bench.ts
 *   BENCH_ROUNDS=5 BENCH_IDLE_SECONDS=10 (the defaults)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, type RowResult, report } from '../../../scripts/bench/harness.ts';

const REPO = join(import.meta.dirname, '../../..');
const CLI = join(REPO, 'packages/sidecar/dist/cli.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** The HTTP server's URL, from its start-up log, once the sidecar logged that it started. */
function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const url = /"url":"(http:\/\/[^"]+)"/.exec(buffered)?.[1];
      if (url !== undefined && buffered.includes('"msg":"outrider started"')) {
        child.stdout?.off('data', onData);
        resolve(url);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it started: ${buffered}`)));
  });
}

/** One browser visit: every file compressed as Chromium asks, the JSON the pages read, a live stream's first sample. */
async function visitConsole(base: string): Promise<void> {
  const headers = { 'Accept-Encoding': 'gzip, deflate, br' };
  for (const path of [
    '/ui',
    '/ui/assets/app.js',
    '/ui/assets/app.css',
    '/ui/assets/favicon.svg',
    '/ui/api/overview',
    '/ui/api/series',
  ]) {
    const response = await fetch(`${base}${path}`, { headers });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  }
  await new Promise<void>((resolve, reject) => {
    const live = request(`${base}/ui/api/live`, (response) => {
      response.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('event: sample')) {
          live.destroy();
          resolve();
        }
      });
    });
    live.on('error', reject);
    live.end();
  });
}

async function idleRss(options: { ui: boolean; visit: boolean }): Promise<number> {
  const cwd = await mkdtemp(join(tmpdir(), 'outrider-console-footprint-'));
  // The bin as installed: its shebang runs `node` from PATH (the repo's Node 24 first) with its V8 flags.
  const child = spawn(CLI, ['start', '--port', '0'], {
    cwd,
    env: {
      ...process.env,
      PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH}`,
      OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT: '0',
      OUTRIDER_UI__ENABLED: String(options.ui),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const base = await started(child);
    if (options.visit) await visitConsole(base);
    await sleep(IDLE_SECONDS * 1000);
    return await rssMb(child.pid as number);
  } finally {
    await stop(child);
    await rm(cwd, { recursive: true, force: true });
  }
}

const sizes = JSON.parse(await readFile(join(REPO, 'packages/sidecar/dist/ui-assets/sizes.json'), 'utf8')) as {
  raw: number;
  gzip: number;
  brotli: number;
};
const rows: RowResult[] = [];
rows.push(
  await compare({
    row: `idle RSS ${IDLE_SECONDS} s after one console visit`,
    unit: 'MB',
    anchorName: 'the same sidecar, console never opened',
    rounds: ROUNDS,
    warmUp: false,
    ours: () => idleRss({ ui: true, visit: true }),
    anchor: () => idleRss({ ui: true, visit: false }),
  }),
);
rows.push(
  await compare({
    row: `idle RSS ${IDLE_SECONDS} s after start, console on, never opened`,
    unit: 'MB',
    anchorName: '`ui.enabled: false`',
    rounds: ROUNDS,
    warmUp: false,
    ours: () => idleRss({ ui: true, visit: false }),
    anchor: () => idleRss({ ui: false, visit: false }),
  }),
);
report(
  `Web console footprint; its files add ${sizes.brotli} bytes brotli (${sizes.gzip} gzip, ${sizes.raw} raw) to the package`,
  rows,
);
