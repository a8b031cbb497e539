import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { stringify } from 'yaml';
import { type Child, freePort, startChild } from './processes.js';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface ScrapeTarget {
  readonly job: string;
  /** `host:port`; Prometheus scrapes `http://<address>/metrics`. */
  readonly address: string;
}

/** One series of a query result: labels and [unix seconds, value] samples. */
export interface Series {
  readonly metric: Record<string, string>;
  readonly values: Array<[number, string]>;
}

export interface Prometheus {
  readonly url: string;
  /** A range query over the last `seconds`, one step per second; throws with Prometheus's error. */
  queryRange(expr: string, seconds: number): Promise<Series[]>;
  /** An instant query's series count and values. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Every series stored that matches `selector`, as `{__name__, …labels}` objects. */
  series(selector: string): Promise<Record<string, string>[]>;
  /** Each scrape job's health and last error, one line each: for failure messages. */
  targets(): Promise<string>;
  stop(): Promise<void>;
  output(): string;
}

/** Starts the Debian Prometheus on a free loopback port, scraping `targets` every second. */
export async function startPrometheus(dir: string, targets: readonly ScrapeTarget[]): Promise<Prometheus> {
  const port = await freePort();
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(
    configFile,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: targets.map((target) => ({
        job_name: target.job,
        static_configs: [{ targets: [target.address] }],
      })),
    }),
  );
  const child: Child = startChild(
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    dir,
  );
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
    const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') throw new Error(`${body.errorType}: ${body.error}`);
    return body.data;
  };
  await waitFor(
    async () => {
      if (child.process.exitCode !== null) throw new Error(`Prometheus exited:\n${child.output()}`);
      return fetch(`${url}/-/ready`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      );
    },
    { timeout: 20_000, interval: 200, what: () => `Prometheus to become ready:\n${child.output()}` },
  );
  return {
    url,
    async queryRange(expr, seconds) {
      const end = Date.now() / 1000;
      const data = await api<{ result: Series[] }>('/api/v1/query_range', {
        query: expr,
        start: String(end - seconds),
        end: String(end),
        step: '1',
      });
      return data.result;
    },
    async query(expr) {
      const data = await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
        '/api/v1/query',
        { query: expr },
      );
      return data.result;
    },
    series: (selector) => api<Record<string, string>[]>('/api/v1/series', { 'match[]': selector }),
    async targets() {
      const response = await fetch(`${url}/api/v1/targets`);
      const body = (await response.json()) as {
        data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] };
      };
      return body.data.activeTargets
        .map((target) => `${target.labels.job}: ${target.health} ${target.lastError}`)
        .join('\n');
    },
    stop: () => child.stop(),
    output: child.output,
  };
}
