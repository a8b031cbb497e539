import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { stringify } from 'yaml';
import { type Child, startChild } from './processes.js';
import { SIDECAR_CLI } from './sidecar-cli.js';

export interface Sidecar {
  /** `host:port` of the HTTP server (/metrics, /healthz, /api, /dashboards). */
  readonly address: string;
  /** Port of the OTLP/HTTP receiver, when the otlp plugin runs. */
  readonly otlpPort: number | undefined;
  output(): string;
  stop(): Promise<void>;
}

/** Runs the real `outrider start` on a free port with `config` (its `server.port` forced to 0). */
export async function startSidecar(dir: string, config: Record<string, unknown>): Promise<Sidecar> {
  const file = join(dir, 'outrider.yaml');
  await writeFile(file, stringify({ ...config, server: { port: 0 }, stateDir: join(dir, 'state') }));
  const child: Child = startChild(process.execPath, [SIDECAR_CLI, 'start', '--config', file], dir);
  // Every module has started (the OTLP receiver may bind after the HTTP server): both ports are known.
  await waitFor(
    () => {
      if (child.process.exitCode !== null) throw new Error(`the sidecar exited:\n${child.output()}`);
      return child.output().includes('"msg":"outrider started"') ? true : undefined;
    },
    {
      // A cold start of Node and every plugin takes seconds, far more on a machine shared by many builds.
      timeout: 60_000,
      interval: 200,
      what: () => `the sidecar to start:\n${child.output()}`,
    },
  );
  const url = child.output().match(/"url":"http:\/\/([\d.]+:\d+)"/)?.[1] as string;
  const otlp = child.output().match(/"port":(\d+),"msg":"OTLP receiver listening"/)?.[1];
  return {
    address: url,
    otlpPort: otlp === undefined ? undefined : Number(otlp),
    output: child.output,
    stop: () => child.stop(),
  };
}

/** What one `outrider` command printed and its exit code. */
export interface CliResult {
  readonly code: number | null;
  /** stdout then stderr. */
  readonly output: string;
}

/** Runs `outrider <args>` in `cwd` to completion. */
export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SIDECAR_CLI, ...args], { cwd }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), output: `${stdout}${stderr}` });
    });
  });
}

/** `outrider validate` on a temp `outrider.yaml` holding `yaml`. */
export async function validateConfig(yaml: string): Promise<CliResult> {
  const dir = await mkdtemp(join(tmpdir(), 'outrider-validate-'));
  try {
    await writeFile(join(dir, 'outrider.yaml'), yaml);
    return await runCli(['validate', '--config', join(dir, 'outrider.yaml')], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
