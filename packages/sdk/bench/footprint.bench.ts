// Resident memory of a process after importing the SDK, next to a bare Node, in interleaved fresh
// processes (scripts/bench/harness.ts): the sidecar and plugins import SDK packages, so the
// OpenTelemetry SDK must load only on startTelemetry. RSS 500 ms after the imports, after a GC.
// Run after a build: npm run bench -w @outrider/sdk
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compare, type RowResult, report } from '../../../scripts/bench/harness.ts';

const cwd = fileURLToPath(new URL('..', import.meta.url));
const settle =
  'await new Promise((r) => setTimeout(r, 500)); globalThis.gc?.(); console.log(process.memoryUsage().rss);';

async function rssMb(code: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--input-type=module', '-e', `${code}\n${settle}\nprocess.exit(0);`],
    { cwd },
  );
  return Number(stdout.trim()) / 2 ** 20;
}

const variants: [string, string][] = [
  ['import @outrider/sdk', "await import('@outrider/sdk');"],
  [
    'import @outrider/sdk + startTelemetry (pipeline running)',
    "const { startTelemetry } = await import('@outrider/sdk'); await startTelemetry({ serviceName: 'bench', endpoint: 'http://127.0.0.1:9' });",
  ],
  ['import @opentelemetry/sdk-node eagerly', "await import('@opentelemetry/sdk-node');"],
];

const rows: RowResult[] = [];
for (const [row, code] of variants) {
  rows.push(
    await compare({
      row: `RSS, ${row}`,
      unit: 'MB',
      anchorName: 'bare Node',
      rounds: 5,
      warmUp: false,
      ours: () => rssMb(code),
      anchor: () => rssMb(''),
    }),
  );
}
report('@outrider/sdk footprint: RSS 500 ms after the imports, each measurement a fresh process', rows);
