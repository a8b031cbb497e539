import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheErrors } from '@outrider/cache';
import { configErrors } from '@outrider/config';
import { coreErrors, type ErrorCatalog } from '@outrider/core';
import { httpErrors } from '@outrider/http';
import { metricsErrors } from '@outrider/metrics';
import { jobsErrors } from '@outrider/plugin-jobs';
import { otlpErrors } from '@outrider/plugin-otlp';
import { processErrors } from '@outrider/plugin-process';
import { retryErrors } from '@outrider/retry';
import { schedulerErrors } from '@outrider/scheduler';
import { sidecarErrors } from '@outrider/sidecar';
import { telemetryErrors } from '@outrider/telemetry';
import { wsErrors } from '@outrider/ws';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const catalogs: ErrorCatalog<string>[] = [
  coreErrors,
  configErrors,
  cacheErrors,
  retryErrors,
  schedulerErrors,
  wsErrors,
  httpErrors,
  sidecarErrors,
  jobsErrors,
  processErrors,
  metricsErrors,
  telemetryErrors,
  otlpErrors,
];

/** docs/errors.md's codes by the package its section heading names: `## Cache (@outrider/cache)`. */
function documentedCodes(): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  let owner: string | undefined;
  for (const line of readFileSync(join(root, 'docs/errors.md'), 'utf8').split('\n')) {
    if (line.startsWith('## ')) owner = /\((@outrider\/[a-z-]+)\)/.exec(line)?.[1];
    const code = /^\| `([A-Z0-9_]+)`/.exec(line)?.[1];
    if (code !== undefined)
      byOwner.set(owner ?? '(no package)', [...(byOwner.get(owner ?? '(no package)') ?? []), code]);
  }
  return byOwner;
}

/** Codes the sources raise or test for: `new OutriderError('X'`, `.create('X'`, `isOutriderError(e, 'X')`. */
function codesUsedInSources(): Map<string, string> {
  const used = new Map<string, string>();
  const pattern = /(?:new OutriderError\(|\.create\(|isOutriderError\([^,()]+,)\s*'([A-Z0-9_]+)'/g;
  for (const group of ['packages', 'plugins']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      let files: string[];
      try {
        files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
      } catch {
        continue;
      }
      for (const file of files) {
        for (const match of readFileSync(join(src, file), 'utf8').matchAll(pattern)) {
          used.set(match[1] as string, `${group}/${name}/src/${file}`);
        }
      }
    }
  }
  return used;
}

describe('error codes', () => {
  it('docs/errors.md lists each catalog under the package that owns it, and nothing else', () => {
    const documented = documentedCodes();
    for (const catalog of catalogs) {
      expect(documented.get(catalog.owner)?.sort(), catalog.owner).toEqual(Object.keys(catalog.codes).sort());
    }
    expect([...documented.keys()].sort()).toEqual(catalogs.map((catalog) => catalog.owner).sort());
  });

  it('no code is owned twice', () => {
    const all = catalogs.flatMap((catalog) => Object.keys(catalog.codes));
    expect(all.length).toBe(new Set(all).size);
  });

  it('every code the sources raise or check is in a catalog', () => {
    const known = new Set(catalogs.flatMap((catalog) => Object.keys(catalog.codes)));
    const unknown = [...codesUsedInSources()].filter(([code]) => !known.has(code));
    expect(unknown).toEqual([]);
  });
});
