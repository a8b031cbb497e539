// Probe overhead: our phase-timed probe() vs a bare node:http request (fresh connection, body
// drained) to the same local server, in one process, rounds alternating the two sides.
// Run after a build: npm run bench -w @outrider/plugin-http-probe
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { probe } from '../dist/index.js';

const REQUESTS = 2_000;

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

const rows = [
  await compare({
    row: `probe() (phases, timeout, status + body match), ${REQUESTS} sequential requests`,
    unit: 'µs/request',
    anchorName: 'bare node:http request',
    ours: () => time(ours),
    anchor: () => time(bare),
  }),
];
server.close();
report('@outrider/plugin-http-probe: probe() against a bare request', rows);
