import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type Child, startChild, waitFor } from './processes.js';

const repo = join(import.meta.dirname, '../../..');
export const SIDECAR_CLI = join(repo, 'packages/sidecar/dist/cli.js');
const NODE = join(repo, 'node_modules/.bin/node');

export function sidecarBuilt(): boolean {
  return existsSync(SIDECAR_CLI);
}

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
  const child: Child = startChild(NODE, [SIDECAR_CLI, 'start', '--config', file], dir);
  // Every module has started (the OTLP receiver may bind after the HTTP server): both ports are known.
  await waitFor(
    () => `the sidecar did not start:\n${child.output()}`,
    () => {
      if (child.process.exitCode !== null) throw new Error(`the sidecar exited:\n${child.output()}`);
      return child.output().includes('"msg":"outrider started"') ? true : undefined;
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
