// config.get() on a hot path: ConfigManager against reading the plain object directly, in one
// process, rounds alternating the two sides. Run after a build: npm run bench -w @outrider/config
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { ConfigManager } from '../dist/index.js';

const schema = z.object({
  server: z.object({ host: z.string().default('127.0.0.1'), port: z.number().default(9464) }).prefault({}),
  cache: z.object({ ttl: z.number().default(300_000), maxEntries: z.number().default(1000) }).prefault({}),
  plugins: z.record(z.string(), z.object({ timeout: z.number().default(5000) })).default({}),
});

const cwd = mkdtempSync(join(tmpdir(), 'outrider-config-bench-'));
writeFileSync(join(cwd, 'outrider.yaml'), 'server:\n  port: 8000\nplugins:\n  probes:\n    timeout: 2000\n');
const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
await config.load();
const plain = config.getAll();

const OPS = 5_000_000;
let sink = 0;
/** Millions of reads per second. */
const mOpsPerSec = (read: () => unknown) => () => {
  const start = performance.now();
  for (let i = 0; i < OPS; i++) sink += Number(read() !== undefined);
  return OPS / (performance.now() - start) / 1000;
};

const plainRead = mOpsPerSec(() => plain.server.port);
const rows = [
  await compare({
    row: "`get('server.port')`",
    unit: 'M ops/s',
    anchorName: 'plain `config.server.port`',
    goal: { on: 'ours', op: '>=', value: 5 },
    ours: mOpsPerSec(() => config.get('server.port')),
    anchor: plainRead,
  }),
  await compare({
    row: "`get('plugins.probes.timeout')` (record)",
    unit: 'M ops/s',
    anchorName: 'plain `config.server.port`',
    goal: { on: 'ours', op: '>=', value: 5 },
    ours: mOpsPerSec(() => config.get('plugins.probes.timeout')),
    anchor: plainRead,
  }),
];
if (sink < 0) console.log(sink);
report('@outrider/config: get() against a plain property read', rows);
