import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'check-layers.ts');

/** A small repository on disk: `files` maps paths to contents (objects are written as JSON). */
function repo(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'outrider-layers-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

async function check(root: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, root]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const base = {
  'package.json': { workspaces: ['packages/*', 'plugins/*'], devDependencies: { vitest: '^4' } },
  'packages/core/package.json': { name: '@outrider/core' },
  'packages/core/src/index.ts': "export { x } from './x.js';\n",
  'packages/metrics/package.json': { name: '@outrider/metrics', dependencies: { '@outrider/core': '*' } },
  'packages/metrics/src/index.ts': "export { x } from '@outrider/core';\n",
  'packages/sdk/package.json': { name: '@outrider/sdk', dependencies: { '@outrider/core': '*' } },
  'packages/sdk/src/index.ts': "export { x } from '@outrider/core';\n",
  'plugins/good/package.json': { name: '@outrider/plugin-good', dependencies: { '@outrider/metrics': '*' } },
  'plugins/good/src/index.ts': "import { x } from '@outrider/metrics';\nexport { x };\n",
  'plugins/good/test/a.test.ts': "import { it } from 'vitest';\nimport { x } from '../src/index.js';\n",
};

describe('scripts/check-layers.ts', () => {
  it('passes a repository whose imports point inward and are declared', async () => {
    const result = await check(repo(base));
    expect(result).toEqual({ code: 0, output: 'check-layers: 4 workspaces, imports point inward and are declared\n' });
  });

  it('names every import against the layering, undeclared package and export * with file and line', async () => {
    const result = await check(
      repo({
        ...base,
        'packages/core/package.json': { name: '@outrider/core', dependencies: { '@outrider/metrics': '*' } },
        'packages/core/src/index.ts': "export { x } from './x.js';\nimport '@outrider/metrics';\n",
        'plugins/good/src/index.ts': "import { x } from '@outrider/metrics';\nexport * from './more.js';\n",
        'plugins/bad/package.json': { name: '@outrider/plugin-bad', dependencies: { '@outrider/sdk': '*' } },
        'plugins/bad/src/index.ts': [
          "import { x } from '@outrider/sdk';",
          "import { y } from '../../../packages/core/src/index.js';",
          "const z = await import('lodash');",
          "const cli = 'packages/sidecar/dist/cli.js';",
          '',
        ].join('\n'),
      }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('check-layers: 6 problems');
    expect(result.output).toContain(
      'packages/core/src/index.ts:2: @outrider/core (core) imports @outrider/metrics (metrics); dependencies point inward',
    );
    expect(result.output).toContain('plugins/good/src/index.ts: `export *`; list the public API by name');
    expect(result.output).toContain("plugins/bad/src/index.ts:1: imports @outrider/sdk, the services' barrel");
    expect(result.output).toContain(
      'plugins/bad/src/index.ts:2: imports ../../../packages/core/src/index.js outside plugins/bad',
    );
    expect(result.output).toContain(
      'plugins/bad/src/index.ts:3: imports lodash, which plugins/bad/package.json does not declare in dependencies',
    );
    expect(result.output).toContain('plugins/bad/src/index.ts: reaches into packages/sidecar/dist by path');
  });

  it('requires plugin-api to take the scheduler and cache as types only', async () => {
    const result = await check(
      repo({
        ...base,
        'packages/scheduler/package.json': { name: '@outrider/scheduler' },
        'packages/scheduler/src/index.ts': 'export const s = 1;\n',
        'packages/plugin-api/package.json': {
          name: '@outrider/plugin-api',
          dependencies: { '@outrider/scheduler': '*' },
        },
        'packages/plugin-api/src/index.ts':
          "import type { A } from '@outrider/scheduler';\nimport { s } from '@outrider/scheduler';\n",
      }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('check-layers: 1 problem\n');
    expect(result.output).toContain(
      'packages/plugin-api/src/index.ts:2: @outrider/plugin-api may import only types from @outrider/scheduler',
    );
  });

  it('keeps imports that load undici or node:tls out of what the sidecar loads', async () => {
    const result = await check(
      repo({
        ...base,
        'plugins/good/package.json': {
          name: '@outrider/plugin-good',
          dependencies: { '@outrider/metrics': '*', '@koa/router': '*', 'prom-client': '*' },
        },
        'plugins/good/src/index.ts': [
          "import type { Server } from 'node:http';",
          "import { createServer } from 'node:http';",
          "import https from 'https';",
          "import Router from '@koa/router';",
          "import { type Registry, Counter } from 'prom-client';",
          "import type { Gauge } from 'prom-client';",
          '',
        ].join('\n'),
        'plugins/good/test/a.test.ts': "import { request } from 'node:http';\n",
      }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('check-layers: 4 problems\n');
    expect(result.output).toContain(
      "plugins/good/src/index.ts:2: imports node:http: an ES import of node:http loads undici (~13 MB RSS); take it with process.getBuiltinModule('node:http')",
    );
    expect(result.output).toContain('plugins/good/src/index.ts:3: imports https: an ES import of node:https');
    expect(result.output).toContain(
      'plugins/good/src/index.ts:4: imports @koa/router: its ES build imports node:http, which loads undici (~13 MB RSS); import Router from @outrider/http',
    );
    expect(result.output).toContain(
      'plugins/good/src/index.ts:5: imports prom-client: its index loads the Pushgateway and node:tls (~3 MB RSS); use @outrider/metrics',
    );
  });
});
