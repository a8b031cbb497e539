// Resident memory of a process after importing the SDK, next to bare Node and an eager OpenTelemetry
// import: the sidecar and plugins import SDK packages, so the OTel SDK must load only on startTelemetry.
// Run from packages/sdk after a build: node bench/footprint.bench.ts
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 3;
const cwd = fileURLToPath(new URL('..', import.meta.url));
const report =
  'await new Promise((r) => setTimeout(r, 500)); globalThis.gc?.(); console.log(process.memoryUsage().rss);';

const variants: [string, string][] = [
  ['bare Node', ''],
  ['import @outrider/sdk', "await import('@outrider/sdk');"],
  [
    'import @outrider/sdk + startTelemetry (pipeline running)',
    "const { startTelemetry } = await import('@outrider/sdk'); await startTelemetry({ serviceName: 'bench', endpoint: 'http://127.0.0.1:9' });",
  ],
  ['import @opentelemetry/sdk-node eagerly', "await import('@opentelemetry/sdk-node');"],
];

function rssMb(code: string): number {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', `${code}\n${report}\nprocess.exit(0);`],
      { cwd },
    );
    samples.push(Number(out.toString().trim()) / 2 ** 20);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

const results = variants.map(([name, code]) => [name, rssMb(code)] as const);
const bare = results[0]?.[1] ?? 1;
console.log(`Node ${process.version}, median of ${RUNS} processes, RSS 500 ms after the imports\n`);
console.log('| process | RSS (MB) | vs bare Node |');
console.log('| --- | ---: | ---: |');
for (const [name, mb] of results) console.log(`| ${name} | ${mb.toFixed(1)} | +${(mb - bare).toFixed(1)} MB |`);
