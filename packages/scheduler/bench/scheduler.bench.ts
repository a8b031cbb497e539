// 10,000 interval jobs, each every 10 s, for a measured window: fire-time lag (p50/p99/max) and
// CPU per fire of @outrider/scheduler against the same jobs on raw croner (one Cron per job).
// Every measurement is a fresh process; the two sides alternate (A B, B A, …), at least 5 rounds.
//   aligned: job i fires on whole seconds with phase i % 10, 1,000 jobs per second; croner's
//            granularity is one second, so this is the workload both can express.
//   +metrics: with a prom-client registry, as the sidecar runs it.
// Run after a build: npm run bench -w @outrider/scheduler
import { Cron } from 'croner';
import { Registry } from 'prom-client';
import { childSide, compareEach, freshReport, report, reportFromChild } from '../../../scripts/bench/harness.ts';
import { Scheduler } from '../dist/index.js';

const JOBS = 10_000;
const PERIOD_S = 10;
const WARMUP_MS = 2_000;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5_000);

type Scenario = 'outrider-aligned' | 'outrider-aligned+metrics' | 'croner-aligned';
interface Result {
  fires: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU µs per fire. */
  cpu: number;
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
    const scheduler = new Scheduler(registry === undefined ? {} : { registry });
    for (let i = 0; i < JOBS; i++) {
      const startAt = base + (i % PERIOD_S) * 1000;
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
    fires: lags.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    cpu: (cpu.user + cpu.system) / lags.length,
  };
}

const side = childSide() as Scenario | undefined;
if (side !== undefined) reportFromChild({ ...(await measure(side)) });

const file = import.meta.filename;
const croner = freshReport(file, 'croner-aligned');
const lagNote =
  'p99 lag is the time the last of 1,000 fires due at one instant waits; on the shared machine it follows the load, and croner in the same run lags as much or more: see the ratio and the scheduler README.';
// Without a registry: `OUTRIDER_BENCH_SIDE=outrider-aligned node bench/scheduler.bench.ts` prints one run.
const rows = [
  ...(await compareEach({
    anchorName: 'croner, same jobs',
    rounds: 5,
    warmUp: false,
    ours: freshReport(file, 'outrider-aligned+metrics'),
    anchor: croner,
    rows: [
      {
        row: '10k interval jobs with a registry: CPU per fire',
        unit: 'µs',
        key: 'cpu',
        goal: { on: 'ratio', op: '<=', value: 1.3 },
      },
      {
        row: '10k interval jobs with a registry: p99 fire lag',
        unit: 'ms',
        key: 'p99',
        goal: { on: 'ours', op: '<=', value: 10 },
        note: lagNote,
      },
    ],
  })),
];
report(
  `@outrider/scheduler: ${JOBS.toLocaleString('en')} jobs every ${PERIOD_S} s, ${WINDOW_MS / 1000} s window`,
  rows,
);
