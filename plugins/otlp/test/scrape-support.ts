import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { node, root } from './helpers.js';

export const SIDECAR_CLI = join(root, 'packages/sidecar/dist/cli.js');
export const PROMETHEUS = '/usr/bin/prometheus';

/** A child process whose output is kept for error messages. */
export interface Child {
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

function startChild(command: string, args: string[], cwd: string): Child {
  const child: ChildProcess = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 200_000) output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns a value; throws `what()` after `timeoutMs`. */
export async function poll<T>(
  what: () => string | Promise<string>,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface Sidecar extends Child {
  /** `host:port` of /metrics. */
  address: string;
  otlpUrl: string;
}

/** The real `outrider start` with `plugins` (HTTP server and OTLP receiver on free ports). */
export async function startSidecar(dir: string, plugins: Record<string, unknown>): Promise<Sidecar> {
  if (!existsSync(SIDECAR_CLI)) throw new Error(`${SIDECAR_CLI} is missing: run npm run build first`);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'outrider.yaml');
  // JSON is YAML.
  await writeFile(file, JSON.stringify({ server: { port: 0 }, stateDir: join(dir, 'state'), plugins }));
  const child = startChild(node, [SIDECAR_CLI, 'start', '--config', file], dir);
  await poll(
    () => `the sidecar did not start:\n${child.output()}`,
    async () => {
      if (child.exited()) throw new Error(`the sidecar exited:\n${child.output()}`);
      return child.output().includes('"msg":"outrider started"') ? true : undefined;
    },
  );
  const address = child.output().match(/"url":"http:\/\/([\d.]+:\d+)"/)?.[1];
  const otlp = child.output().match(/"port":(\d+),"msg":"OTLP receiver listening"/)?.[1];
  if (address === undefined || otlp === undefined) throw new Error(`no ports in the sidecar's log:\n${child.output()}`);
  return { ...child, address, otlpUrl: `http://127.0.0.1:${otlp}` };
}

/**
 * Forwards GET requests to `target` with the Accept header replaced by `accept`: Debian's
 * Prometheus 2.42 always prefers OpenMetrics, so this is how it scrapes the Prometheus text format.
 */
export async function startAcceptProxy(
  target: string,
  accept: string,
): Promise<{ address: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    fetch(`http://${target}${req.url}`, { headers: { accept } }).then(
      async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      },
      (error: Error) => {
        res.writeHead(502);
        res.end(error.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Prometheus extends Child {
  /** Every series stored with `selector`, as `{__name__, …labels}` objects. */
  series(selector: string): Promise<Record<string, string>[]>;
  /** Each scrape job's health and last error, for failure messages. */
  targets(): Promise<string>;
}

/** Debian's Prometheus on a free port, scraping each `job → host:port` every second (honor_labels off). */
export async function startPrometheus(dir: string, jobs: Record<string, string>): Promise<Prometheus> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const config = {
    global: { scrape_interval: '1s' },
    scrape_configs: Object.entries(jobs).map(([job, address]) => ({
      job_name: job,
      static_configs: [{ targets: [address] }],
    })),
  };
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'prometheus.yml');
  await writeFile(file, JSON.stringify(config));
  const child = startChild(
    PROMETHEUS,
    [
      `--config.file=${file}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    dir,
  );
  const url = `http://127.0.0.1:${port}`;
  await poll(
    () => `Prometheus did not become ready:\n${child.output()}`,
    async () => {
      if (child.exited()) throw new Error(`Prometheus exited:\n${child.output()}`);
      return fetch(`${url}/-/ready`).then(
        (response) => (response.ok ? true : undefined),
        () => undefined,
      );
    },
  );
  return {
    ...child,
    async series(selector) {
      const response = await fetch(`${url}/api/v1/series`, {
        method: 'POST',
        body: new URLSearchParams({ 'match[]': selector }),
      });
      const body = (await response.json()) as { status: string; data: Record<string, string>[]; error?: string };
      if (body.status !== 'success') throw new Error(`Prometheus: ${body.error}`);
      return body.data;
    },
    async targets() {
      const response = await fetch(`${url}/api/v1/targets`);
      const body = (await response.json()) as {
        data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] };
      };
      return body.data.activeTargets
        .map((target) => `${target.labels.job}: ${target.health} ${target.lastError}`)
        .join('\n');
    },
  };
}
