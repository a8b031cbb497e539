// Cost of reading one process's numbers per Prometheus scrape: the plugin's /proc reader, a whole
// scrape of its metrics through prom-client, pidusage (the npm package most used for this, which
// also reads /proc on Linux) and an exec of ps(1). The target is an idle node child.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { silentLogger, systemClock } from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import pidusage from 'pidusage';
import { Registry } from 'prom-client';
import { ProcReader, plugin } from '../dist/index.js';

const run = promisify(execFile);

interface Row {
  name: string;
  usPerOp: number;
}

async function time(name: string, iterations: number, op: () => unknown): Promise<Row> {
  for (let i = 0; i < Math.min(200, iterations); i++) await op();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await op();
  return { name, usPerOp: ((performance.now() - started) * 1000) / iterations };
}

const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const pid = child.pid as number;
try {
  const reader = new ProcReader();
  const registry = new Registry();
  const ctx = {
    instanceName: 'app',
    logger: silentLogger,
    clock: systemClock,
    registry,
    routes: { add() {}, addApi() {} },
  } as unknown as SidecarPluginContext;
  const config = plugin.parseConfig({ pid });
  const module = plugin.create(ctx, config);
  await module.initialize({
    name: 'app',
    config,
    logger: silentLogger,
    clock: systemClock,
    signal: new AbortController().signal,
    reportFailure() {},
  });
  await module.start();

  const rows = [
    await time('ProcReader.sample (stat + fd count)', 20_000, () => reader.sample(pid)),
    await time('scrape: registry.metrics() with the plugin', 5_000, () => registry.metrics()),
    await time('pidusage(pid)', 5_000, () => pidusage(pid)),
    await time('exec ps -o rss,nlwp,time', 200, () => run('ps', ['-o', 'rss=,nlwp=,time=', '-p', String(pid)])),
  ];
  await module.stop(AbortSignal.timeout(1_000));
  pidusage.clear();

  const base = rows[0] as Row;
  console.log(`\n/proc sampling of one process (node ${process.version}, ${process.platform})\n`);
  console.log('| what | µs per op | vs ProcReader.sample |');
  console.log('| --- | ---: | ---: |');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.usPerOp.toFixed(1)} | ${(row.usPerOp / base.usPerOp).toFixed(2)}x |`);
  }
} finally {
  child.kill('SIGKILL');
}
