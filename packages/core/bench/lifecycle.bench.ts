// Start and stop 1,000 modules in a 10-wide, 100-deep dependency graph with ModuleManager, and the
// same modules by hand with Promise.all per wave. Prints time per module and the ratio.
import { stat } from 'node:fs/promises';
import { type ModuleInterface, ModuleManager } from '../dist/index.js';

const WIDTH = 10;
const DEPTH = 100;
const ROUNDS = 20;

type Work = () => Promise<void>;
/** A module that yields to the event loop once per phase, as any module doing I/O would. */
const tick: Work = () => new Promise((resolve) => setImmediate(resolve));
const nothing: Work = async () => {};
/** A module that does one small real I/O per phase (a file stat on the thread pool). */
const io: Work = async () => {
  await stat(import.meta.filename);
};

function buildGraph(work: Work): ModuleInterface[][] {
  const waves: ModuleInterface[][] = [];
  for (let level = 0; level < DEPTH; level++) {
    const wave: ModuleInterface[] = [];
    for (let column = 0; column < WIDTH; column++) {
      wave.push({
        name: `m${level}_${column}`,
        // Each module depends on two modules of the level above, so waves are real.
        dependsOn: level === 0 ? [] : [`m${level - 1}_${column}`, `m${level - 1}_${(column + 1) % WIDTH}`],
        status: 'registered',
        initialize: work,
        start: work,
        stop: work,
      });
    }
    waves.push(wave);
  }
  return waves;
}

async function byHand(work: Work): Promise<void> {
  const waves = buildGraph(work);
  const signal = new AbortController().signal;
  for (const wave of waves) {
    await Promise.all(
      wave.map(async (module) => {
        await module.initialize({} as never);
        await module.start();
      }),
    );
  }
  for (const wave of waves.toReversed()) await Promise.all(wave.map((module) => module.stop(signal)));
}

async function withManager(work: Work): Promise<void> {
  const manager = new ModuleManager({ healthCheckInterval: 0 });
  for (const wave of buildGraph(work)) for (const module of wave) manager.register(module);
  const report = await manager.startAll();
  if (report.running.length !== WIDTH * DEPTH) throw new Error('not every module started');
  await manager.stopAll();
}

async function median(run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const modules = WIDTH * DEPTH;
const rows: string[] = [];
for (const [label, work] of [
  ['one fs.stat per phase', io],
  ['one event-loop turn per phase', tick],
  ['nothing (pure overhead)', nothing],
] as const) {
  await median(() => byHand(work)); // warm-up
  await median(() => withManager(work));
  const hand = await median(() => byHand(work));
  const managed = await median(() => withManager(work));
  rows.push(
    `| ${label} | ${((hand * 1000) / modules).toFixed(1)} µs | ${((managed * 1000) / modules).toFixed(1)} µs | ${(((managed - hand) * 1000) / modules).toFixed(1)} µs | ${(managed / hand).toFixed(2)}× |`,
  );
}

console.log(
  `start + stop of ${modules} modules (${WIDTH} wide, ${DEPTH} deep), median of ${ROUNDS} rounds, Node ${process.version}`,
);
console.log('| each module does | Promise.all per wave | ModuleManager | overhead per module | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
