// The cost of withRetry on a call that succeeds at once, against p-retry called directly, in one
// process, rounds alternating the two sides. The call awaits one microtask, like a cached or
// in-memory operation: the cheapest thing anyone would wrap, so the overhead shows at its largest.
// Run after a build: npm run bench -w @outrider/retry
import pRetry from 'p-retry';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { withRetry } from '../dist/index.js';

const OPS = 200_000;

let sink = 0;
const operation = async () => {
  sink++;
  return sink;
};

const perCallNs = (call: () => Promise<unknown>) => async () => {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) await call();
  return ((performance.now() - started) * 1e6) / OPS;
};

const controller = new AbortController();
const direct = perCallNs(() => pRetry(operation, { retries: 3 }));
const rows = [
  await compare({
    row: '`withRetry(fn, { retries: 3 })`, first attempt succeeds',
    unit: 'ns/call',
    anchorName: '`pRetry(fn, { retries: 3 })`',
    ours: perCallNs(() => withRetry(operation, { retries: 3 })),
    anchor: direct,
  }),
  await compare({
    row: '`withRetry` with timeout, deadline and signal',
    unit: 'ns/call',
    anchorName: '`pRetry(fn, { retries: 3 })`',
    ours: perCallNs(() =>
      withRetry(operation, { retries: 3, timeout: 5_000, deadline: 30_000, signal: controller.signal }),
    ),
    anchor: direct,
  }),
  await compare({
    row: 'p-retry itself, for scale',
    unit: 'ns/call',
    anchorName: 'bare `await fn()`',
    ours: direct,
    anchor: perCallNs(operation),
  }),
];
if (sink < 0) console.log(sink);
report('@outrider/retry: withRetry against p-retry', rows);
