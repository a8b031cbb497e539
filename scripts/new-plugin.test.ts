// The plugin scaffolder (part of `npm test`; alone: `vitest run --project scripts`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import { conformanceChecks } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { scaffoldPlugin } from './new-plugin.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

/** A throwaway repo root that borrows the real packages and node_modules, so generated code resolves. */
function tempRoot(): { root: string; tsconfig: string } {
  const root = mkdtempSync(join(tmpdir(), 'outrider-scaffold-'));
  for (const entry of ['packages', 'node_modules', 'tsconfig.base.json'])
    symlinkSync(join(ROOT, entry), join(root, entry));
  const tsconfig = join(root, 'tsconfig.json');
  writeFileSync(tsconfig, '{\n  "files": [],\n  "references": [\n    { "path": "packages/core" }\n  ]\n}\n');
  return { root, tsconfig };
}

const cli = (...args: string[]) =>
  spawnSync(NODE, [join(ROOT, 'scripts', 'new-plugin.ts'), ...args], { encoding: 'utf8' });

describe('npm run new:plugin', () => {
  it('creates the plugin folder and references it from the solution tsconfig', () => {
    const { root, tsconfig } = tempRoot();
    const result = cli('disk-usage', '--dir', join(root, 'plugins'), '--tsconfig', tsconfig);
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, 'plugins', 'disk-usage');
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    expect(JSON.parse(read('package.json'))).toMatchObject({ name: '@outrider/plugin-disk-usage', type: 'module' });
    expect(JSON.parse(read('tsconfig.json')).compilerOptions).toEqual({ rootDir: 'src', outDir: 'dist' });
    expect(JSON.parse(read('test/tsconfig.json')).compilerOptions).toEqual({ noEmit: true });
    expect(read('src/index.ts')).toContain("name: 'disk-usage'");
    expect(read('src/disk-usage-module.ts')).toContain('export class DiskUsageModule');
    expect(read('src/disk-usage-module.ts')).toContain("'outrider_disk_usage_ticks_total'");
    expect(read('test/conformance.test.ts')).toContain('runPluginConformance(plugin');
    expect(read('README.md')).toMatch(/^# @outrider\/plugin-disk-usage/);
    expect(JSON.parse(readFileSync(tsconfig, 'utf8')).references).toEqual([
      { path: 'packages/core' },
      { path: 'plugins/disk-usage' },
      { path: 'plugins/disk-usage/test' },
    ]);
  });

  it('refuses an existing folder and a bad name with exit code 1', () => {
    const { root, tsconfig } = tempRoot();
    const args = ['--dir', join(root, 'plugins'), '--tsconfig', tsconfig];
    expect(cli('dupe', ...args).status).toBe(0);
    const again = cli('dupe', ...args);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/plugins\/dupe already exists/);
    for (const bad of ['Bad_Name', '9lives', 'trailing-', 'a--b']) {
      const result = cli(bad, ...args);
      expect(result.status, bad).toBe(1);
      expect(result.stderr).toContain(`plugin name "${bad}" must be kebab-case`);
    }
    const usage = cli(...args);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('usage: npm run new:plugin -- <name>');
    // Only the first scaffold touched the tsconfig.
    expect(readFileSync(tsconfig, 'utf8').match(/plugins\/dupe"/g)).toHaveLength(1);
  });

  it('generates a plugin that type-checks and passes the conformance checks', { timeout: 60_000 }, async () => {
    const { root, tsconfig } = tempRoot();
    const dir = scaffoldPlugin({ name: 'hello-world', dir: join(root, 'plugins'), tsconfig });
    const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-b', join(dir, 'test')], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const { plugin } = (await import(join(dir, 'src', 'index.ts'))) as {
      plugin: Plugin<ZodType, SidecarPluginContext>;
    };
    for (const check of conformanceChecks(plugin, { config: {} })) await check.run();
  });
});
