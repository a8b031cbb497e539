import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as index from 'prom-client';
import { describe, expect, it } from 'vitest';
import * as own from '../src/prom-client.js';

describe("prom-client's classes taken from their own files", () => {
  it('are the classes its index exports, so registries and instanceof are shared', () => {
    expect(own.Registry).toBe(index.Registry);
    expect(own.Counter).toBe(index.Counter);
    expect(own.Gauge).toBe(index.Gauge);
    expect(own.Histogram).toBe(index.Histogram);
    expect(own.collectDefaultMetrics).toBe(index.collectDefaultMetrics);
  });

  it('leave node:tls unloaded (the index loads it for the Pushgateway)', async () => {
    const script = [
      "const { createRegistry, counter } = await import('@outrider/metrics');",
      "counter(createRegistry(), { name: 'x_total', help: 'x' }).inc();",
      "console.log(process.moduleLoadList.filter((name) => /^NativeModule (tls|https)$/.test(name)).join(','));",
    ].join('\n');
    const run = (code: string) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: import.meta.dirname });
    expect((await run(script)).stdout).toBe('\n');
    // The check itself can fail: importing the index does load them.
    expect((await run(`await import('prom-client');\n${script}`)).stdout).toBe('NativeModule tls,NativeModule https\n');
  });
});
