/**
 * The sidecar's footprint under a steady load, measured on the real `outrider start` child (run as
 * the installed bin runs it, with the CLI's V8 flags) from /proc: CPU = the on-CPU time of all its
 * threads (/proc/<pid>/task/<tid>/schedstat) over the window, RSS = VmRSS of /proc/<pid>/status
 * sampled every second.
 *
 * The load, for BENCH_SECONDS (default 30) after a 10 s warm-up: process, http-probe, ws-monitor
 * and jobs together — 50 probe targets, 10 WebSocket upstreams, 20 jobs, one supervised child —
 * against local servers run by this process, with /metrics scraped every 15 s as Prometheus would.
 * The anchor, in rounds alternating with it (scripts/bench/harness.ts): a bare
 * `node -e 'setInterval(() => {}, 1e3)'` over a 5 s window. Idle RSS and start-up:
 * startup.bench.ts.
 *
 *   npm run build && npm run bench -w @outrider/sidecar
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { compareEach, report } from '../../../scripts/bench/harness.ts';

const REPO = join(import.meta.dirname, '../../..');
const NODE = join(REPO, 'node_modules/.bin/node');
const CLI = join(REPO, 'packages/sidecar/dist/cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = 10;
const TARGETS = 50;
const UPSTREAMS = 10;
const JOBS = 20;
const COMMAND_JOBS = 4;
const PROBE_INTERVAL = '11s';
const JOB_EVERY = '15s';
const UPSTREAM_MESSAGE_MS = 1000;
const SCRAPE_MS = 15_000;
const CPU_TARGET_PERCENT = 5;
const RSS_TARGET_MB = 120;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** On-CPU time of every live thread of a process, in ns (the first field of each task's schedstat). */
async function cpuNs(pid: number): Promise<number> {
  let sum = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
    sum += Number(stat.split(' ')[0]);
  }
  return sum;
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

interface Child {
  process: ChildProcess;
  output(): string;
}

function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-200_000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-200_000);
  });
  return { process: child, output: () => output };
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000).then(() => child.process.kill('SIGKILL'))]);
  await exited;
}

/** Waits for the sidecar's "outrider started" line; returns its HTTP base URL. */
async function started(child: Child): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (child.process.exitCode !== null) throw new Error(`the sidecar exited:\n${child.output()}`);
    const url = /"url":"(http:\/\/[\d.]+:\d+)"[^\n]*"msg":"HTTP server listening"/.exec(child.output())?.[1];
    if (url !== undefined && child.output().includes('"msg":"outrider started"')) return url;
    await sleep(100);
  }
  throw new Error(`the sidecar did not start:\n${child.output()}`);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** The upstreams the plugins watch: plain HTTP targets, chatty WebSocket servers, a job endpoint. */
async function startUpstreams() {
  const servers: Server[] = [];
  const targets: number[] = [];
  for (let i = 0; i < TARGETS; i++) {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    servers.push(server);
    targets.push(await listen(server));
  }
  const jobServer = createServer((_request, response) => response.writeHead(204).end());
  servers.push(jobServer);
  const jobPort = await listen(jobServer);
  const sockets: WebSocketServer[] = [];
  const timers: NodeJS.Timeout[] = [];
  const upstreams: number[] = [];
  for (let i = 0; i < UPSTREAMS; i++) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    timers.push(
      setInterval(() => {
        const message = JSON.stringify({ stream: `feed-${i}`, price: Math.random(), at: Date.now() });
        for (const client of wss.clients) client.send(message);
      }, UPSTREAM_MESSAGE_MS),
    );
    sockets.push(wss);
    upstreams.push((wss.address() as AddressInfo).port);
  }
  return {
    targets,
    upstreams,
    jobPort,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const wss of sockets) {
        for (const client of wss.clients) client.terminate();
        wss.close();
      }
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    },
  };
}

function loadedConfig(dir: string, targets: number[], upstreams: number[], jobPort: number) {
  const jobs: Record<string, unknown> = {};
  for (let i = 0; i < JOBS; i++) {
    jobs[`job-${i}`] =
      i < COMMAND_JOBS
        ? { kind: 'command', every: JOB_EVERY, command: 'true' }
        : { kind: 'http', every: JOB_EVERY, method: 'POST', url: `http://127.0.0.1:${jobPort}/jobs/${i}` };
  }
  return {
    server: { port: 0 },
    stateDir: join(dir, 'state'),
    plugins: {
      app: { use: 'process', command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'] },
      probes: {
        use: 'http-probe',
        targets: targets.map((port, i) => ({
          name: `t${i}`,
          url: `http://127.0.0.1:${port}/health`,
          interval: PROBE_INTERVAL,
        })),
      },
      feeds: {
        use: 'ws-monitor',
        upstreams: upstreams.map((port, i) => ({ name: `u${i}`, url: `ws://127.0.0.1:${port}/feed` })),
      },
      jobs: { use: 'jobs', jobs },
    },
  };
}

/** Sums the samples of `name` whose label text contains every one of `filters`. */
function total(metrics: string, name: string, ...filters: string[]): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith(`${name}{`) && filters.every((filter) => line.includes(filter))) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

interface Loaded {
  cpuPercent: number;
  rssMean: number;
  rssMax: number;
  probes: number;
  probeFailures: number;
  jobRuns: number;
  jobFailures: number;
  wsMessages: number;
  wsUp: number;
}

/** CPU and RSS of `pid` over `seconds`, RSS sampled every second. */
async function window(pid: number, seconds: number): Promise<Pick<Loaded, 'cpuPercent' | 'rssMean' | 'rssMax'>> {
  const cpu0 = await cpuNs(pid);
  const t0 = performance.now();
  const rss: number[] = [];
  while (performance.now() - t0 < seconds * 1000) {
    rss.push(await rssBytes(pid));
    await sleep(1000);
  }
  const cpu1 = await cpuNs(pid);
  const elapsedNs = (performance.now() - t0) * 1e6;
  return {
    cpuPercent: ((cpu1 - cpu0) / elapsedNs) * 100,
    rssMean: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMax: Math.max(...rss),
  };
}

async function measureLoaded(dir: string): Promise<Loaded> {
  const upstreams = await startUpstreams();
  const file = join(dir, 'outrider.yaml');
  // JSON is YAML: no serializer needed.
  await writeFile(file, JSON.stringify(loadedConfig(dir, upstreams.targets, upstreams.upstreams, upstreams.jobPort)));
  // The bin as installed: its shebang runs `node` from PATH (the repo's Node 24 first) with its V8 flags.
  const sidecar = start(CLI, ['start', '--config', file], dir, {
    ...process.env,
    PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH}`,
  });
  try {
    const url = await started(sidecar);
    const pid = sidecar.process.pid as number;
    const scrape = async () => (await fetch(`${url}/metrics`)).text();
    const scraper = setInterval(() => void scrape().catch(() => undefined), SCRAPE_MS);
    await sleep(WARMUP_SECONDS * 1000);
    const before = await scrape();
    const measured = await window(pid, SECONDS);
    clearInterval(scraper);
    const after = await scrape();
    const delta = (name: string, ...filters: string[]) =>
      total(after, name, ...filters) - total(before, name, ...filters);
    return {
      ...measured,
      probes: delta('outrider_probe_duration_seconds_count', 'phase="total"'),
      probeFailures: delta('outrider_probe_failures_total'),
      // The scheduler labels runs by job id, `<instance>.<name>`.
      jobRuns: delta('outrider_scheduler_runs_total', '"jobs.job-'),
      jobFailures: delta('outrider_scheduler_runs_total', '"jobs.job-', 'outcome="failure"'),
      wsMessages: delta('outrider_ws_messages_total', 'direction="in"'),
      wsUp: total(after, 'outrider_ws_upstream_up'),
    };
  } finally {
    await stop(sidecar);
    await upstreams.close();
  }
}

async function measureBareNode(dir: string): Promise<Pick<Loaded, 'cpuPercent' | 'rssMean' | 'rssMax'>> {
  const bare = start(NODE, ['-e', 'setInterval(() => {}, 1e3)'], dir);
  try {
    // A bare node settles at once; its numbers do not move with a longer window.
    await sleep(2000);
    return await window(bare.process.pid as number, 5);
  } finally {
    await stop(bare);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'outrider-footprint-'));
try {
  const runs: Loaded[] = [];
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const inMb = (run: Pick<Loaded, 'cpuPercent' | 'rssMean' | 'rssMax'>) => ({
    cpuPercent: run.cpuPercent,
    rssMean: mb(run.rssMean),
    rssMax: mb(run.rssMax),
  });
  const rows = await compareEach({
    anchorName: 'bare idle `node`',
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    warmUp: false,
    ours: async () => {
      const run = await measureLoaded(dir);
      runs.push(run);
      return inMb(run);
    },
    anchor: async () => inMb(await measureBareNode(dir)),
    rows: [
      {
        row: 'CPU under load, % of one core',
        unit: '%',
        key: 'cpuPercent',
        goal: { on: 'ours', op: '<=', value: CPU_TARGET_PERCENT },
      },
      { row: 'RSS under load, mean', unit: 'MB', key: 'rssMean', goal: { on: 'ours', op: '<=', value: RSS_TARGET_MB } },
      { row: 'RSS under load, max', unit: 'MB', key: 'rssMax', goal: { on: 'ours', op: '<=', value: RSS_TARGET_MB } },
    ],
  });
  // The work done proves the load ran: a sidecar that did nothing would be cheap.
  const last = runs.at(-1) as Loaded;
  if (last.probes === 0 || last.jobRuns === 0 || last.wsMessages === 0) {
    throw new Error(`the load did not run: ${JSON.stringify(last)}`);
  }
  report(
    `Sidecar under load, ${SECONDS} s windows: ${TARGETS} probe targets every ${PROBE_INTERVAL}, ${UPSTREAMS} WebSocket ` +
      `upstreams at 1 message/s, ${JOBS} jobs every ${JOB_EVERY}, a supervised child, /metrics every ${SCRAPE_MS / 1000} s ` +
      `(last window: ${last.probes} probes, ${last.probeFailures} failed; ${last.jobRuns} job runs, ${last.jobFailures} failed; ` +
      `${last.wsMessages} ws messages, ${last.wsUp}/${UPSTREAMS} upstreams up)`,
    rows,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
