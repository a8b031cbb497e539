/**
 * The sidecar's footprint (idle CPU and RSS), measured on the real `outrider start` child from
 * /proc: CPU = utime + stime of /proc/<pid>/stat over the window, RSS = VmRSS of /proc/<pid>/status
 * sampled every second.
 *
 * 1. Loaded, for 60 s after a 10 s warm-up: process, http-probe, ws-monitor and jobs together —
 *    50 probe targets, 10 WebSocket upstreams, 20 jobs, one supervised child — against local
 *    servers run by this process, with /metrics scraped every 15 s as Prometheus would.
 *    Run twice: as `outrider start` runs now, and with V8's young generation capped
 *    (`--max-semi-space-size=2`, MB), the one flag that moved RSS in a look at where it goes.
 * 2. Idle: `outrider start` with the built-in defaults (the otlp plugin alone) next to a bare
 *    `node -e 'setInterval(() => {}, 1e3)'`, RSS after 10 s.
 *
 *   node_modules/.bin/tsc -b packages/sidecar && node_modules/.bin/node packages/sidecar/bench/footprint.bench.ts
 *   BENCH_SECONDS=20 ... for a quick look
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

const REPO = join(import.meta.dirname, '../../..');
const NODE = join(REPO, 'node_modules/.bin/node');
const CLI = join(REPO, 'packages/sidecar/dist/cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_SECONDS = 10;
const IDLE_SECONDS = 10;
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
const SEMI_SPACE_FLAG = '--max-semi-space-size=2';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;

/** utime + stime of a process, in clock ticks (fields 14 and 15; the name in field 2 may hold spaces). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

interface Child {
  process: ChildProcess;
  output(): string;
}

function start(command: string, args: string[], cwd: string): Child {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function measureLoaded(dir: string, nodeFlags: string[]): Promise<Loaded> {
  const upstreams = await startUpstreams();
  const file = join(dir, 'outrider.yaml');
  // JSON is YAML: no serializer needed.
  await writeFile(file, JSON.stringify(loadedConfig(dir, upstreams.targets, upstreams.upstreams, upstreams.jobPort)));
  const sidecar = start(NODE, [...nodeFlags, CLI, 'start', '--config', file], dir);
  try {
    const url = await started(sidecar);
    const pid = sidecar.process.pid as number;
    const scrape = async () => (await fetch(`${url}/metrics`)).text();
    const scraper = setInterval(() => void scrape().catch(() => undefined), SCRAPE_MS);
    await sleep(WARMUP_SECONDS * 1000);
    const before = await scrape();
    const ticks0 = await cpuTicks(pid);
    const t0 = performance.now();
    const rss: number[] = [];
    while (performance.now() - t0 < SECONDS * 1000) {
      rss.push(await rssBytes(pid));
      await sleep(1000);
    }
    const ticks1 = await cpuTicks(pid);
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(scraper);
    const after = await scrape();
    const delta = (name: string, ...filters: string[]) =>
      total(after, name, ...filters) - total(before, name, ...filters);
    return {
      cpuPercent: ((ticks1 - ticks0) / TICKS_PER_SECOND / elapsed) * 100,
      rssMean: rss.reduce((a, b) => a + b, 0) / rss.length,
      rssMax: Math.max(...rss),
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

interface Idle {
  sidecarRss: number;
  sidecarCpuPercent: number;
  nodeRss: number;
}

/** `outrider start` with no config file (the built-in defaults) beside a bare node, both for IDLE_SECONDS. */
async function measureIdle(dir: string): Promise<Idle> {
  // Free ports instead of 9464 / 4318, which another run on this machine may hold.
  const sidecar = start(NODE, [CLI, 'start', '--port', '0', '--otlp-port', '0'], dir);
  const bare = start(NODE, ['-e', 'setInterval(() => {}, 1e3)'], dir);
  try {
    await started(sidecar);
    const pid = sidecar.process.pid as number;
    const ticks0 = await cpuTicks(pid);
    await sleep(IDLE_SECONDS * 1000);
    const ticks1 = await cpuTicks(pid);
    return {
      sidecarRss: await rssBytes(pid),
      sidecarCpuPercent: ((ticks1 - ticks0) / TICKS_PER_SECOND / IDLE_SECONDS) * 100,
      nodeRss: await rssBytes(bare.process.pid as number),
    };
  } finally {
    await Promise.all([stop(sidecar), stop(bare)]);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'outrider-footprint-'));
try {
  const idle = await measureIdle(dir);
  const loaded = await measureLoaded(dir, []);
  const capped = await measureLoaded(dir, [SEMI_SPACE_FLAG]);
  const verdict = (value: number, target: number) =>
    `${value <= target ? 'met' : '**missed**'} (${(value / target).toFixed(2)}x)`;
  console.log(
    `\n### Sidecar under load: ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up (Node ${process.versions.node}, ${TICKS_PER_SECOND} ticks/s)\n`,
  );
  console.log(
    `Workload: process (1 supervised child), http-probe (${TARGETS} targets every ${PROBE_INTERVAL}), ` +
      `ws-monitor (${UPSTREAMS} upstreams, 1 message/s each, ping 30s), jobs (${JOBS - COMMAND_JOBS} http + ` +
      `${COMMAND_JOBS} command jobs every ${JOB_EVERY}), /metrics scraped every ${SCRAPE_MS / 1000} s.\n`,
  );
  console.log(`| measure | target | \`outrider start\` | vs target | with \`${SEMI_SPACE_FLAG}\` | vs target |`);
  console.log('| --- | ---: | ---: | --- | ---: | --- |');
  const row = (name: string, target: number, pick: (run: Loaded) => number, digits: number) =>
    console.log(
      `| ${name} | ≤ ${target} | ${pick(loaded).toFixed(digits)} | ${verdict(pick(loaded), target)} | ${pick(capped).toFixed(digits)} | ${verdict(pick(capped), target)} |`,
    );
  row('CPU, % of one core', CPU_TARGET_PERCENT, (run) => run.cpuPercent, 2);
  row('RSS mean, MB', RSS_TARGET_MB, (run) => mb(run.rssMean), 1);
  row('RSS max, MB', RSS_TARGET_MB, (run) => mb(run.rssMax), 1);
  console.log('\n| work done in the window | `outrider start` | with the flag |');
  console.log('| --- | ---: | ---: |');
  const work = (name: string, pick: (run: Loaded) => string) =>
    console.log(`| ${name} | ${pick(loaded)} | ${pick(capped)} |`);
  work('probes (failed)', (run) => `${run.probes} (${run.probeFailures})`);
  work('job runs (failed)', (run) => `${run.jobRuns} (${run.jobFailures})`);
  work('WebSocket messages received', (run) => String(run.wsMessages));
  work('upstreams up at the end', (run) => `${run.wsUp} / ${UPSTREAMS}`);
  console.log(`\n### Idle: RSS after ${IDLE_SECONDS} s\n`);
  console.log('| process | RSS, MB | ratio | CPU, % of one core |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| bare \`node -e 'setInterval(() => {}, 1e3)'\` | ${mb(idle.nodeRss).toFixed(1)} | 1.00x | |`);
  console.log(
    `| \`outrider start\` (defaults: otlp plugin) | ${mb(idle.sidecarRss).toFixed(1)} | ${(idle.sidecarRss / idle.nodeRss).toFixed(2)}x | ${idle.sidecarCpuPercent.toFixed(2)} |`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
