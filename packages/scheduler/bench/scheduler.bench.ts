// 10,000 interval jobs, each every 10 s, for a measured window: fire-time lag (p50/p99/max) and
// CPU per fire of @outrider/scheduler against the same jobs on raw croner (one Cron per job).
// Each scenario runs in its own child process so GC and JIT state do not leak between them.
//   aligned: job i fires on whole seconds with phase i % 10, 1,000 jobs per second; croner's
//            granularity is one second, so this is the workload both can express.
//   spread:  job i has phase i ms (startAt), one job per ms; what a spread schedule buys.
import { spawn } from 'node:child_process';
import { Cron } from 'croner';
import { Registry } from 'prom-client';
import { Scheduler } from '../dist/index.js';

const JOBS = 10_000;
const PERIOD_S = 10;
const WARMUP_MS = 2_000;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);

type Scenario = 'outrider-aligned' | 'outrider-aligned+metrics' | 'croner-aligned' | 'outrider-spread';
interface Result {
  scenario: Scenario;
  fires: number;
  p50: number;
  p99: number;
  max: number;
  cpuMs: number;
}

const preciseNow = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function measure(scenario: Scenario): Promise<Result> {
  const lags: number[] = [];
  let recording = false;
  const record = (lag: number) => {
    if (recording) lags.push(lag);
  };
  // The first fire of every job is a whole second at least WARMUP_MS away.
  const base = Math.ceil((Date.now() + WARMUP_MS) / 1000) * 1000;
  let stop: () => Promise<void> | void;

  if (scenario === 'croner-aligned') {
    const jobs: Cron[] = [];
    for (let i = 0; i < JOBS; i++) {
      const pattern = `${i % PERIOD_S}-59/${PERIOD_S} * * * * *`;
      // croner strips milliseconds: the run was due at the whole second nearest to now.
      jobs.push(
        new Cron(pattern, () => {
          const now = preciseNow();
          record(now - Math.round(now / 1000) * 1000);
        }),
      );
    }
    stop = () => {
      for (const job of jobs) job.stop();
    };
  } else {
    const registry = scenario === 'outrider-aligned+metrics' ? new Registry() : undefined;
    const scheduler = new Scheduler({ registry });
    for (let i = 0; i < JOBS; i++) {
      const startAt = scenario === 'outrider-spread' ? base + i : base + (i % PERIOD_S) * 1000;
      scheduler.add({
        id: `job-${i}`,
        every: `${PERIOD_S}s`,
        startAt,
        run: (ctx) => record(preciseNow() - ctx.scheduledAt),
      });
    }
    scheduler.start();
    stop = () => scheduler.stop();
  }

  // Half a second into the first second in which every job is set up and due.
  const firstMeasured = Math.max(base, Math.ceil(Date.now() / 1000) * 1000 + 1000) + 500;
  await new Promise((resolve) => setTimeout(resolve, firstMeasured - Date.now()));
  const cpuBefore = process.cpuUsage();
  recording = true;
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  recording = false;
  const cpu = process.cpuUsage(cpuBefore);
  await stop();
  const sorted = lags.sort((a, b) => a - b);
  return {
    scenario,
    fires: lags.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function runChild(scenario: Scenario): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`${scenario}: exit ${code}`)),
    );
  });
}

const child = process.argv[2] as Scenario | undefined;
if (child !== undefined) {
  process.stdout.write(JSON.stringify(await measure(child)));
  process.exit(0);
}

const scenarios: Scenario[] = ['croner-aligned', 'outrider-aligned', 'outrider-aligned+metrics', 'outrider-spread'];
const results: Result[] = [];
for (const scenario of scenarios) results.push(await runChild(scenario));
const croner = results[0] as Result;
const perFire = (result: Result) => (result.cpuMs * 1000) / result.fires;

console.log(
  `\n${JOBS.toLocaleString('en')} interval jobs every ${PERIOD_S} s, ${WINDOW_MS / 1000} s window, Node ${process.version}\n`,
);
console.log('| scenario | fires | lag p50 ms | lag p99 ms | lag max ms | CPU ms | CPU µs/fire | CPU vs croner |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const result of results) {
  const ratio = perFire(result) / perFire(croner);
  console.log(
    `| ${result.scenario} | ${result.fires} | ${result.p50.toFixed(2)} | ${result.p99.toFixed(2)} | ${result.max.toFixed(2)} | ${result.cpuMs.toFixed(0)} | ${perFire(result).toFixed(2)} | ${ratio.toFixed(2)}× |`,
  );
}
