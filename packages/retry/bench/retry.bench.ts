// The cost of withRetry on a call that succeeds at once, against a bare call and against p-retry
// called directly, in one run. The call awaits one microtask, like a cached or in-memory operation:
// the cheapest thing anyone would wrap, so the overhead shows at its largest.
import pRetry from 'p-retry';
import { withRetry } from '../dist/index.js';

const OPS = 200_000;
const ROUNDS = 9;

let sink = 0;
const operation = async () => {
  sink++;
  return sink;
};

async function perCallNs(call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < OPS; i++) await call();
    if (round > 0) times.push(((performance.now() - started) * 1e6) / OPS);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const controller = new AbortController();
const cases: Array<[string, () => Promise<unknown>]> = [
  ['bare `await fn()`', operation],
  ['p-retry `pRetry(fn, { retries: 3 })`', () => pRetry(operation, { retries: 3 })],
  ['`withRetry(fn, { retries: 3 })`', () => withRetry(operation, { retries: 3 })],
  [
    '`withRetry(fn, { retries: 3, timeout, deadline, signal })`',
    () => withRetry(operation, { retries: 3, timeout: 5_000, deadline: 30_000, signal: controller.signal }),
  ],
];

// Warm every path before measuring any, so each is measured with the same JIT state.
for (const [, call] of cases) await perCallNs(call);
const results: Array<[string, number]> = [];
for (const [label, call] of cases) results.push([label, await perCallNs(call)]);

const bare = results[0]?.[1] as number;
const direct = results[1]?.[1] as number;
console.log('\n### Overhead of a call that succeeds on the first attempt\n');
console.log('| call | per call | vs bare | vs p-retry direct |');
console.log('| --- | --- | --- | --- |');
for (const [label, ns] of results) {
  console.log(`| ${label} | ${ns.toFixed(0)} ns | ${(ns / bare).toFixed(1)}× | ${(ns / direct).toFixed(2)}× |`);
}
if (sink < 0) console.log(sink);
