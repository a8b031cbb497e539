import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@outrider/core';
import { createTestModuleContext, createTestPluginContext, type TestPluginContext } from '@outrider/testing';
import { plugin } from '../src/index.js';
import type { JobsModule } from '../src/jobs-module.js';

export interface Started {
  ctx: TestPluginContext;
  module: JobsModule;
  stop(): Promise<void>;
}

/** Parses `config`, creates the plugin on a test context (instance `nightly`) and starts it. */
export async function startJobs(config: unknown, options: { clock?: Clock } = {}): Promise<Started> {
  const parsed = plugin.parseConfig(config);
  const ctx = createTestPluginContext({ instanceName: 'nightly', ...options });
  const module = plugin.create(ctx, parsed) as JobsModule;
  await module.initialize(createTestModuleContext('nightly', parsed));
  await module.start();
  return {
    ctx,
    module,
    stop: async () => {
      await module.stop(AbortSignal.timeout(5_000));
      await ctx.scheduler.stop(AbortSignal.timeout(5_000));
    },
  };
}

export interface TestServer {
  url: string;
  /** Requests seen, in order. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  /** Requests whose client went away before a response was sent. */
  aborted: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1; `handle` answers (or never answers) each request. */
export async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const state: TestServer = { url: '', requests: [], aborted: 0, close: async () => {} };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
      });
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export { metricValue } from '@outrider/testing';

/** True while `pid` is alive: a killed process whose parent is gone may linger as a zombie until reaped. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}
