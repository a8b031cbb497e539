// The `outrider` bin is a committed shim (bin/outrider.js): npm links it at install time, before any
// build, and on first use in a fresh clone it builds the CLI, then runs it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODE } from './sidecar-process.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const REPO = join(PACKAGE, '..', '..');
const SHIM = join(PACKAGE, 'bin', 'outrider.js');

function run(command: string, args: string[], cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A checkout-shaped folder holding only the shim, and no built CLI. */
function bareCheckout(): { root: string; shim: string; cli: string } {
  const root = mkdtempSync(join(tmpdir(), 'outrider-bin-'));
  mkdirSync(join(root, 'packages', 'sidecar', 'bin'), { recursive: true });
  const shim = join(root, 'packages', 'sidecar', 'bin', 'outrider.js');
  copyFileSync(SHIM, shim);
  writeFileSync(join(root, 'packages', 'sidecar', 'package.json'), '{ "type": "module" }\n');
  return { root, shim, cli: join(root, 'packages', 'sidecar', 'dist', 'cli.js') };
}

describe('the outrider bin', () => {
  it('is the committed shim, linked by npm install, and `npx outrider --help` runs the CLI', async () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: { outrider: string } };
    expect(manifest.bin.outrider).toBe('./bin/outrider.js');
    expect(realpathSync(join(REPO, 'node_modules', '.bin', 'outrider'))).toBe(realpathSync(SHIM));
    const help = await run('npx', ['outrider', '--help'], REPO);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: outrider <command> [options]');
  });

  it('in a fresh checkout, builds the CLI with npm run build, then runs it with the arguments', async () => {
    const { root, shim, cli } = bareCheckout();
    writeFileSync(join(root, 'tsconfig.json'), '{ "files": [] }\n');
    // The build this checkout's root declares: it writes a CLI that shows what it was run with.
    const build = `mkdir -p packages/sidecar/dist && printf '%s' "console.log('built cli:', process.argv.slice(2).join(' '))" > packages/sidecar/dist/cli.js`;
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'checkout', private: true, scripts: { build } }));
    const first = await run(NODE, [shim, 'validate', '--config', 'x.yaml'], root);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('outrider: first run in this checkout: building (npm run build)...');
    expect(first.stdout).toBe('built cli: validate --config x.yaml\n');
    expect(existsSync(cli)).toBe(true);
    // Built once: the next run goes straight to the CLI.
    const second = await run(NODE, [shim, 'plugins'], root);
    expect(second).toEqual({ code: 0, stdout: 'built cli: plugins\n', stderr: '' });
  });

  it('says what is missing when there is no built CLI and no source tree to build it from', async () => {
    const { root, shim, cli } = bareCheckout();
    const result = await run(NODE, [shim, '--help'], root);
    expect(result.code).toBe(70);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`outrider: ${cli} is missing and there is no source tree to build it from\n`);
  });

  it('passes the build failure on and runs nothing', async () => {
    const { root, shim } = bareCheckout();
    writeFileSync(join(root, 'tsconfig.json'), '{ "files": [] }\n');
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'checkout', private: true, scripts: { build: 'echo tsc: error >&2; exit 2' } }),
    );
    const result = await run(NODE, [shim, '--help'], root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('tsc: error');
  });
});
