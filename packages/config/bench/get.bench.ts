// config.get() on a hot path: ConfigManager vs reading the plain object directly.
// Run: node_modules/.bin/tsc -b packages/config && node_modules/.bin/node packages/config/bench/get.bench.ts
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
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

const OPS = 20_000_000;
function measure(name: string, fn: () => unknown): { name: string; opsPerSec: number } {
  let sink = 0;
  for (let i = 0; i < 1_000_000; i++) sink += Number(fn() !== undefined); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) sink += Number(fn() !== undefined);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink);
  return { name, opsPerSec: OPS / seconds };
}

const rows = [
  measure('plain object `config.server.port`', () => plain.server.port),
  measure("ConfigManager `get('server.port')`", () => config.get('server.port')),
  measure("ConfigManager `get('plugins.probes.timeout')`", () => config.get('plugins.probes.timeout')),
];
const base = rows[0]?.opsPerSec ?? 1;
console.log('| read | ops/s | vs plain object | target |');
console.log('| --- | ---: | ---: | --- |');
for (const row of rows) {
  const target = row.name.startsWith('ConfigManager') ? `≥ 5M ops/s: ${row.opsPerSec >= 5e6 ? 'met' : 'MISSED'}` : '';
  console.log(
    `| ${row.name} | ${(row.opsPerSec / 1e6).toFixed(1)}M | ${(row.opsPerSec / base).toFixed(2)}× | ${target} |`,
  );
}
