// Cost of reading one process's numbers per Prometheus scrape: the plugin's /proc reader, a whole
// scrape of its metrics through prom-client, against pidusage (the npm package most used for this,
// which also reads /proc on Linux) and an exec of ps(1), in one process, rounds alternating the two
// sides. The target is an idle node child. Run after a build: npm run bench -w @outrider/plugin-process
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { silentLogger, systemClock } from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import pidusage from 'pidusage';
import { Registry } from 'prom-client';
import { compare, report } from '../../../scripts/bench/harness.ts';
import { plugin } from '../dist/index.js';
import { ProcReader } from '../dist/proc-reader.js';

const run = promisify(execFile);

/** µs per call of `op`, over `iterations` calls. */
const time = (iterations: number, op: () => unknown) => async () => {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await op();
  return ((performance.now() - started) * 1000) / iterations;
};

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

  const pidusageOnce = time(2_000, () => pidusage(pid));
  const rows = [
    await compare({
      row: 'ProcReader.sample (stat + fd count)',
      unit: 'µs/op',
      anchorName: 'pidusage(pid)',
      ours: time(5_000, () => reader.sample(pid)),
      anchor: pidusageOnce,
    }),
    await compare({
      row: 'a whole scrape: registry.metrics() with the plugin',
      unit: 'µs/op',
      anchorName: 'pidusage(pid)',
      ours: time(2_000, () => registry.metrics()),
      anchor: pidusageOnce,
    }),
    await compare({
      row: 'ProcReader.sample (stat + fd count)',
      unit: 'µs/op',
      anchorName: 'exec ps -o rss,nlwp,time',
      rounds: 5,
      ours: time(2_000, () => reader.sample(pid)),
      anchor: time(50, () => run('ps', ['-o', 'rss=,nlwp=,time=', '-p', String(pid)])),
    }),
  ];
  await module.stop(AbortSignal.timeout(1_000));
  pidusage.clear();
  report('@outrider/plugin-process: reading one process from /proc', rows);
} finally {
  child.kill('SIGKILL');
}
