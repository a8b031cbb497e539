import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RedisServer, startRedisServer } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configDir, runCli, startSidecar } from './sidecar-process.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer({ args: ['--requirepass', 's3cret-pass'] });
});
afterAll(async () => {
  await server.stop();
});

describe('redis: shared by sidecars', () => {
  it('two sidecars on one Redis run each fire of a config job once', async () => {
    const { dir, file } = configDir('');
    const runs = join(dir, 'runs.log');
    writeFileSync(runs, '');
    writeFileSync(
      file,
      [
        'redis:',
        `  url: redis://127.0.0.1:${server.port}`,
        `  password: { secretFile: ${join(dir, 'redis-password')} }`,
        'plugins:',
        '  otlp: { receiver: { port: 0 } }',
        '  ticks:',
        '    use: jobs',
        '    jobs:',
        '      stamp:',
        '        kind: command',
        '        every: 500ms',
        '        shell: true',
        `        command: "echo $PPID >> ${runs}"`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'redis-password'), 's3cret-pass\n');
    const sidecars = [await startSidecar(['--config', file], { startTimeoutMs: 60_000 })];
    try {
      sidecars.push(await startSidecar(['--config', file], { startTimeoutMs: 60_000 }));
      const runCount = () => readFileSync(runs, 'utf8').trim().split('\n').filter(Boolean).length;
      const value = (text: string, series: string) =>
        Number(
          text
            .split('\n')
            .find((line) => line.startsWith(series))
            ?.split(' ')
            .at(-1) ?? 0,
        );
      const totals = async () => {
        const metrics = await Promise.all(
          sidecars.map(async (sidecar) => (await fetch(`${sidecar.url}/metrics`)).text()),
        );
        const sum = (series: string) => metrics.reduce((total, text) => total + value(text, series), 0);
        return {
          runs: runCount(),
          acquired: sum('outrider_lock_acquired_total{key="ticks.stamp"}'),
          refused: sum('outrider_lock_contended_total{key="ticks.stamp",reason="ran"}'),
        };
      };
      // From when both run: wait (by acknowledgement, not time) for ten more runs.
      const before = await totals();
      const from = Date.now();
      while (runCount() < before.runs + 10) await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await totals();
      const fires = Math.floor((Date.now() - from) / 500) + 2; // at most, whoever runs them
      const acquired = after.acquired - before.acquired;
      // Both sidecars asked; each fire was granted once and run once, never once per sidecar.
      expect(after.refused - before.refused).toBeGreaterThan(0);
      expect(acquired).toBeLessThanOrEqual(fires);
      expect(after.runs - before.runs).toBeLessThanOrEqual(acquired + 1);
      // The password never shows: not in the logs, not in /api/config.
      const config = await (await fetch(`${sidecars[0]?.url}/api/config`)).text();
      for (const shown of [config, ...sidecars.map((sidecar) => JSON.stringify(sidecar.lines))]) {
        expect(shown).not.toContain('s3cret-pass');
      }
    } finally {
      await Promise.all(sidecars.map((sidecar) => sidecar.stop()));
    }
  });

  it('validate names a bad redis: section with its position', async () => {
    const { file } = configDir('redis:\n  url: http://cache:6379\n  comandTimeout: 1s\n');
    const result = await runCli(['validate', '--config', file]);
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/redis\.url.*redis:\/\/ or rediss:\/\//);
    expect(result.stderr).toMatch(/comandTimeout/);
  });
});
