// Probe overhead: our phase-timed probe() vs a bare node:http request (fresh connection, body
// drained) to the same local server, alternating in one run. Build first: tsc -b plugins/http-probe
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { probe } from '../dist/index.js';

const REQUESTS = 2_000;
const ROUNDS = 5;

const server = http.createServer((_request, response) => response.end('{"status":"ok"}'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;

function bare(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve());
    });
    request.once('error', reject);
    request.end();
  });
}

async function ours(): Promise<void> {
  const result = await probe({ url, timeoutMs: 5_000, bodyMatch: /"ok"/ });
  if (!result.success) throw new Error(`probe failed: ${result.error}`);
}

async function time(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await run();
  return ((performance.now() - started) * 1000) / REQUESTS; // µs per request
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] as number;

await time(bare); // warm-up
await time(ours);
const bareRuns: number[] = [];
const ourRuns: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bareRuns.push(await time(bare));
  ourRuns.push(await time(ours));
}
server.close();

const bareUs = median(bareRuns);
const ourUs = median(ourRuns);
console.log(`${REQUESTS} sequential requests per round, median of ${ROUNDS} rounds, local node:http server\n`);
console.log('| variant | µs per request | ratio |');
console.log('| --- | --- | --- |');
console.log(`| bare node:http request (agent: false, body drained) | ${bareUs.toFixed(0)} | 1.00× |`);
console.log(
  `| probe() (phases, timeout, status + body match) | ${ourUs.toFixed(0)} | ${(ourUs / bareUs).toFixed(2)}× |`,
);
console.log(`\noverhead per probe: ${(ourUs - bareUs).toFixed(0)} µs`);
