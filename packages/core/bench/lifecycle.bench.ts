// Start and stop 1,000 modules in a 10-wide, 100-deep dependency graph with ModuleManager, and the
// same modules by hand with Promise.all per wave, in one process, rounds alternating the two sides.
// One measurement is the mean of RUNS start+stop cycles, in µs per module.
// Run after a build: npm run bench -w @outrider/core
import { stat } from 'node:fs/promises';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { type ModuleInterface, ModuleManager } from '../dist/index.js';

const WIDTH = 10;
const DEPTH = 100;
const RUNS = 5;

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

const modules = WIDTH * DEPTH;
const perModuleUs = (cycle: (work: Work) => Promise<void>, work: Work) => async () => {
  const started = performance.now();
  for (let run = 0; run < RUNS; run++) await cycle(work);
  return ((performance.now() - started) * 1000) / RUNS / modules;
};

const rows = [];
/** Why the ratio goal does not fit hooks that do (almost) nothing; the README shows the measurement. */
const fixedCostNote =
  'the manager adds a fixed few µs per module and phase (a deadline that can fire, state transitions, reverse-order stop); against a no-op hook any fixed cost is a large ratio, against one fs.stat it is within 2×: see packages/core/README.md.';
for (const [label, work, note] of [
  ['modules doing one fs.stat per phase', io, undefined],
  ['modules yielding one event-loop turn per phase', tick, fixedCostNote],
  ['modules doing nothing (pure overhead)', nothing, fixedCostNote],
] as const) {
  rows.push(
    await compare({
      row: `start + stop of 1,000 ${label}`,
      unit: 'µs/module',
      anchorName: '`Promise.all` per wave',
      goal: { on: 'ratio', op: '<=', value: 2 },
      ...(note === undefined ? {} : { note }),
      rounds: 9,
      ours: perModuleUs(withManager, work),
      anchor: perModuleUs(byHand, work),
    }),
  );
}
report(`@outrider/core: ModuleManager, ${WIDTH} wide × ${DEPTH} deep`, rows);
