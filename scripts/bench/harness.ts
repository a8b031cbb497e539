// The one benchmark harness of the repo: every bench/ compares a package with its anchor through
// compare(), in rounds that alternate the two sides (A B, B A, A B, …) in one process, or in fresh
// processes per measurement (fresh()). It prints the median ratio ours / anchor with its min–max
// and the machine's load average, and saves the rows for BENCHMARKS.md (write-benchmarks.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

/** One measurement of one side: a number in the row's unit. */
export type Measure = () => Promise<number> | number;

/** A goal on the median ratio (ours / anchor) or on our median itself (an absolute target). */
export interface Goal {
  on: 'ratio' | 'ours';
  op: '<=' | '>=' | '<';
  value: number;
}

export interface Comparison {
  /** The row's name in BENCHMARKS.md: what is compared, in a few words. */
  row: string;
  /** The unit both sides measure in: `ns/op`, `ops/s`, `ms`. */
  unit: string;
  ours: Measure;
  anchor: Measure;
  /** What the anchor is, for the table: `raw lru-cache`, `pino, same settings`. */
  anchorName: string;
  goal?: Goal;
  /** At least 5; default 7. */
  rounds?: number;
  /** One unmeasured measurement of each side first (JIT warm-up). Default true in-process. */
  warmUp?: boolean;
  /** Why the goal is not the right one, when the package README explains it with a measurement. */
  note?: string;
}

export interface RowResult {
  bench: string;
  row: string;
  unit: string;
  anchorName: string;
  ours: number;
  anchor: number;
  ratio: { median: number; min: number; max: number };
  rounds: number;
  goal?: Goal;
  met?: boolean;
  note?: string;
  /** 1-minute load average before and after the rows's rounds, and the core count. */
  load: { before: number; after: number; cores: number };
}

const MIN_ROUNDS = 5;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function goalText(goal: Goal | undefined): string {
  if (goal === undefined) return '—';
  const op = goal.op === '<=' ? '≤' : goal.op === '>=' ? '≥' : '<';
  return goal.on === 'ratio' ? `${op} ${goal.value}×` : `ours ${op} ${goal.value}`;
}

export function meets(goal: Goal, value: number): boolean {
  if (goal.op === '<=') return value <= goal.value;
  if (goal.op === '>=') return value >= goal.value;
  return value < goal.value;
}

/** Runs both sides in alternating order for `rounds` rounds; the ratio is taken per round. */
export async function compare(comparison: Comparison): Promise<RowResult> {
  const { ours, anchor, row, unit, goal, note, ...shared } = comparison;
  const [result] = await compareEach({
    ...shared,
    ours: async () => ({ value: await ours() }),
    anchor: async () => ({ value: await anchor() }),
    rows: [
      { row, unit, key: 'value', ...(goal === undefined ? {} : { goal }), ...(note === undefined ? {} : { note }) },
    ],
  });
  return result as RowResult;
}

/** Several rows read from the same measurements: one run of each side reports every number. */
export interface SharedComparison {
  anchorName: string;
  ours: () => Promise<Record<string, number>>;
  anchor: () => Promise<Record<string, number>>;
  rows: Array<{ row: string; unit: string; key: string; goal?: Goal; note?: string }>;
  rounds?: number;
  warmUp?: boolean;
}

export async function compareEach(comparison: SharedComparison): Promise<RowResult[]> {
  const rounds = Math.max(MIN_ROUNDS, comparison.rounds ?? 7);
  if (comparison.warmUp ?? true) {
    await comparison.ours();
    await comparison.anchor();
  }
  const before = loadavg()[0] as number;
  const ours: Record<string, number>[] = [];
  const anchor: Record<string, number>[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first: neither side always runs on the heap and caches the other left.
    if (round % 2 === 0) {
      ours.push(await comparison.ours());
      anchor.push(await comparison.anchor());
    } else {
      anchor.push(await comparison.anchor());
      ours.push(await comparison.ours());
    }
  }
  const load = { before, after: loadavg()[0] as number, cores: availableParallelism() };
  return comparison.rows.map(({ row, unit, key, goal, note }) => {
    const read = (report: Record<string, number>) => {
      const value = report[key];
      if (typeof value !== 'number') throw new Error(`${row}: a measurement lacks "${key}"`);
      return value;
    };
    const ratios = ours.map((report, i) => read(report) / read(anchor[i] as Record<string, number>));
    const ratio = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
    const result: RowResult = {
      bench: benchName(),
      row,
      unit,
      anchorName: comparison.anchorName,
      ours: median(ours.map(read)),
      anchor: median(anchor.map(read)),
      ratio,
      rounds,
      load,
    };
    if (goal !== undefined) {
      result.goal = goal;
      result.met = meets(goal, goal.on === 'ratio' ? ratio.median : result.ours);
    }
    if (note !== undefined) result.note = note;
    return result;
  });
}

// ---- fresh processes ---------------------------------------------------------------------------

/** Set in a child started by fresh(): the side it measures. */
const CHILD_ENV = 'OUTRIDER_BENCH_SIDE';

/** The side this process measures when fresh() started it, else undefined (the parent). */
export function childSide(): string | undefined {
  return process.env[CHILD_ENV];
}

/** In a child: hands the measurement to the parent and exits. */
export function reportFromChild(value: number | Record<string, number>): never {
  process.stdout.write(`\n${JSON.stringify(value)}\n`);
  process.exit(0);
}

/**
 * A measurement in a fresh process: runs `file` again with `side` in the environment (and the
 * parent's V8 flags plus `execArgv`), and reads what it reported. `pick` chooses one number when the
 * child reports several.
 */
export function fresh(
  file: string,
  side: string,
  options: { execArgv?: string[]; pick?: (report: Record<string, number>) => number } = {},
): Measure {
  return () => runChild(file, side, options.execArgv ?? []).then((report) => pickValue(report, options.pick));
}

/** A fresh process's whole report, for compareEach. */
export function freshReport(
  file: string,
  side: string,
  execArgv: string[] = [],
): () => Promise<Record<string, number>> {
  return () =>
    runChild(file, side, execArgv).then((report) => (typeof report === 'number' ? { value: report } : report));
}

/** Starts one child and resolves with its whole report (several numbers from one run). */
export function runChild(
  file: string,
  side: string,
  execArgv: string[] = [],
): Promise<number | Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...execArgv, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, [CHILD_ENV]: side },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${basename(file)} ${side}: exit ${code ?? signal}`));
      else {
        try {
          resolve(JSON.parse(last) as number | Record<string, number>);
        } catch {
          reject(new Error(`${basename(file)} ${side}: reported no measurement (last line: ${last.slice(0, 200)})`));
        }
      }
    });
  });
}

function pickValue(report: number | Record<string, number>, pick?: (report: Record<string, number>) => number): number {
  if (typeof report === 'number') return report;
  if (pick === undefined) throw new Error('the child reported several numbers: pass pick');
  return pick(report);
}

// ---- output --------------------------------------------------------------------------------------

/** `<workspace>/<file without .bench.ts>`, from the script being run. */
function benchName(): string {
  const script = process.argv[1] ?? 'bench';
  const workspace = relative(repoRoot(), dirname(dirname(script)));
  return `${workspace}/${basename(script).replace(/\.bench\.ts$/, '')}`;
}

export function repoRoot(): string {
  return join(import.meta.dirname, '..', '..');
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Two decimals, or two significant digits for ratios below 0.1 (a 1/300 speed-up is not 0.00×). */
function ratioNumber(value: number): string {
  return Math.abs(value) >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
}

export function ratioText(ratio: RowResult['ratio']): string {
  return `${ratioNumber(ratio.median)}× (${ratioNumber(ratio.min)}–${ratioNumber(ratio.max)})`;
}

export function metText(row: RowResult): string {
  if (row.met === undefined) return '—';
  if (row.met) return 'yes';
  return row.note === undefined ? 'NO' : 'no (see README)';
}

/**
 * Prints the rows as a table with the load average, and saves them under bench-results/ for
 * write-benchmarks.ts. Call once per bench file with every row it measured.
 */
export function report(title: string, rows: readonly RowResult[]): void {
  const cores = availableParallelism();
  const load = loadavg().map((value) => value.toFixed(2));
  console.log(`\n${title}\nNode ${process.version}, ${cores} cores, load average ${load.join(' / ')} (1/5/15 min)\n`);
  console.log('| row | ours | anchor | ratio ours/anchor, median (min–max) | goal | met | load 1m |');
  console.log('| --- | ---: | ---: | --- | --- | --- | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.row} | ${formatNumber(row.ours)} ${row.unit} | ${row.anchorName}: ${formatNumber(row.anchor)} ${row.unit} | ${ratioText(row.ratio)} | ${goalText(row.goal)} | ${metText(row)} | ${row.load.before.toFixed(1)}–${row.load.after.toFixed(1)} |`,
    );
  }
  const dir = join(repoRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const name = rows[0]?.bench ?? benchName();
  writeFileSync(join(dir, `${name.replaceAll('/', '__')}.json`), `${JSON.stringify({ title, rows }, null, 2)}\n`);
}
