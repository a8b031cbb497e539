import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/ops-service.ts', import.meta.url));
const TOKEN = 'ops-token-7f3c9a1e5b';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const noPromtool = promtool.error !== undefined || promtool.status !== 0;
if (noPromtool)
  console.warn('promtool not found: skipping `promtool check metrics` (apt-get install prometheus to run it)');

interface LogLine {
  msg?: string;
  url?: string;
  report?: { running: string[]; failed: string[] };
  [key: string]: unknown;
}

/** The fixture service as a child process, its stdout parsed as JSON lines. */
class Child {
  readonly process: ChildProcess;
  readonly lines: LogLine[] = [];
  output = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.process = spawn(process.execPath, [FIXTURE], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.process.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) if (part.startsWith('{')) this.lines.push(JSON.parse(part) as LogLine);
    });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
  }

  /** The first line `match` accepts, waiting for it; fails if the child exits first. */
  async line(match: (line: LogLine) => boolean): Promise<LogLine> {
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      if (exited) throw new Error(`the service exited without the line:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
    return this.exited;
  }
}

describe('createService({ ops }) in a child process', () => {
  let child: Child;
  let url: string;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const json = async (path: string) => JSON.parse((await get(path)).text);
  const send = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };

  beforeAll(async () => {
    child = new Child({ OPSFIX_OPS__PORT: '0', OPSFIX_OPS__TOKEN: TOKEN });
    url = (await child.line((line) => line.msg === 'ops port listening')).url as string;
    const started = await child.line((line) => line.report !== undefined);
    expect(started.report?.failed).toEqual([]);
  }, 30_000);

  afterAll(async () => {
    expect(await child?.stop()).toBe(0);
    // The token reached the service through the environment and was never printed.
    expect(child.output).not.toContain(TOKEN);
    expect(child.lines.some((line) => line.msg === 'opsfix stopped')).toBe(true);
  });

  it('listens on loopback, as the module `ops`, with the mutating routes on', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const listening = await child.line((line) => line.msg === 'ops port listening');
    expect(listening).toMatchObject({ module: 'ops', admin: true });
    const started = await child.line((line) => line.report !== undefined);
    expect(started.report?.running).toEqual(expect.arrayContaining(['config', 'ops', 'scheduler', 'audit', 'db']));
  });

  it('answers /healthz and /readyz as the sidecar does', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ready: true, notReady: [], degraded: [] });
  });

  it('lists the caches, queues and jobs the service made through its context', async () => {
    const { caches } = await json('/api/cache/stats');
    expect(caches).toEqual([expect.objectContaining({ name: 'quotes', plugin: 'opsfix', size: 3 })]);
    const { queues } = await json('/api/tasks/queue/stats');
    expect(queues).toEqual([expect.objectContaining({ name: 'audit', state: 'running', pending: 0 })]);
    const { jobs } = await json('/api/scheduler/jobs');
    expect(jobs.map((job: { id: string }) => job.id)).toEqual(['refresh', 'break-db', 'heal-db']);
    expect(jobs[0]).toMatchObject({ id: 'refresh', paused: false, lastRun: null, running: 0 });
  });

  it('answers unknown paths and methods with the JSON errors of the sidecar', async () => {
    const missing = await send('GET', '/nowhere');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'OUTRIDER_HTTP_NOT_FOUND' } } });
    const wrongMethod = await send('POST', '/healthz');
    expect(wrongMethod).toMatchObject({ status: 405, body: { error: { code: 'OUTRIDER_HTTP_METHOD_NOT_ALLOWED' } } });
    // fetch cannot set Host; node:http can.
    const rebinding = await new Promise<number | undefined>((resolve, reject) =>
      request(`${url}/healthz`, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebinding).toBe(403);
  });

  it('serves the service registry with the process metrics, as text or OpenMetrics', async () => {
    const text = await get('/metrics');
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const series of [
      /^process_cpu_seconds_total \d/m,
      /^process_resident_memory_bytes \d/m,
      /^nodejs_eventloop_lag_p99_seconds \d/m,
      /^# TYPE nodejs_gc_duration_seconds histogram$/m,
      /^nodejs_active_handles\{type="[A-Za-z]+"\} \d/m,
      /^outrider_cache_entries\{cache="quotes"\} 3$/m,
      /^outrider_log_lines_total\{/m,
    ]) {
      expect(text.text).toMatch(series);
    }
    expect(text.text).not.toMatch(/^nodejs_active_handles_total/m);
    const open = await get('/metrics', { accept: 'application/openmetrics-text; version=1.0.0' });
    expect(open.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(open.text.endsWith('# EOF\n')).toBe(true);
  });

  it.skipIf(noPromtool)('serves /metrics that promtool check metrics accepts', async () => {
    const { text } = await get('/metrics');
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it('refuses the mutating routes without the token (401) or with a wrong one (403)', async () => {
    const routes: [string, string, unknown][] = [
      ['PUT', '/api/log-level', { level: 'debug' }],
      ['POST', '/api/cache/quotes/invalidate', { tag: 'eu' }],
      ['POST', '/api/scheduler/jobs/refresh/run', undefined],
    ];
    for (const [method, path, body] of routes) {
      const without = await send(method, path, body);
      expect(without).toMatchObject({ status: 401, body: { error: { code: 'OUTRIDER_ADMIN_UNAUTHORIZED' } } });
      expect(without.headers.get('www-authenticate')).toBe('Bearer realm="outrider"');
      const wrong = await send(method, path, body, `${TOKEN}x`);
      expect(wrong).toMatchObject({ status: 403, body: { error: { code: 'OUTRIDER_ADMIN_FORBIDDEN' } } });
    }
    // Nothing was changed: the cache still holds its three entries, the job never ran.
    expect((await json('/api/cache/stats')).caches[0].size).toBe(3);
    expect((await json('/api/scheduler/jobs')).jobs[0].lastRun).toBeNull();
  });

  it('with the token: sets the log level, invalidates by tag and prefix, runs a job now', async () => {
    expect(await send('PUT', '/api/log-level', { level: 'debug', module: 'db' }, TOKEN)).toMatchObject({
      status: 200,
      body: { level: 'debug', module: 'db' },
    });
    const badLevel = await send('PUT', '/api/log-level', { level: 'loud' }, TOKEN);
    expect(badLevel).toMatchObject({ status: 400, body: { error: { code: 'OUTRIDER_INVALID_ARGUMENT' } } });

    const byTag = await send('POST', '/api/cache/quotes/invalidate', { tag: 'eu' }, TOKEN);
    expect(byTag).toMatchObject({ status: 200, body: { cache: 'quotes', tag: 'eu', removed: 2 } });
    const byPrefix = await send('POST', '/api/cache/quotes/invalidate', { prefix: 'us:' }, TOKEN);
    expect(byPrefix).toMatchObject({ status: 200, body: { cache: 'quotes', prefix: 'us:', removed: 1 } });
    expect((await json('/api/cache/stats')).caches[0].size).toBe(0);
    const unknownCache = await send('POST', '/api/cache/prices/invalidate', { tag: 'eu' }, TOKEN);
    expect(unknownCache).toMatchObject({ status: 404, body: { error: { code: 'OUTRIDER_CACHE_UNKNOWN' } } });
    const badBody = await send('POST', '/api/cache/quotes/invalidate', { tag: 'eu', prefix: 'x' }, TOKEN);
    expect(badBody).toMatchObject({ status: 400, body: { error: { code: 'OUTRIDER_HTTP_BAD_REQUEST' } } });

    const run = await send('POST', '/api/scheduler/jobs/refresh/run', undefined, TOKEN);
    expect(run).toMatchObject({ status: 200, body: { jobId: 'refresh', outcome: 'success' } });
    expect((await json('/api/scheduler/jobs')).jobs[0]).toMatchObject({ lastOutcome: 'success' });
    const unknownJob = await send('POST', '/api/scheduler/jobs/nope/run', undefined, TOKEN);
    expect(unknownJob).toMatchObject({ status: 404, body: { error: { code: 'OUTRIDER_JOB_UNKNOWN' } } });
  });

  it('turns /readyz to 503 naming the module that failed, and back to 200 once it runs again', async () => {
    expect((await send('POST', '/api/scheduler/jobs/break-db/run', undefined, TOKEN)).status).toBe(200);
    // 503 from the report on; the restart under the policy then fails for good (start throws a permanent error).
    const failed = await waitFor(
      async () => {
        const response = await get('/readyz');
        const body = JSON.parse(response.text);
        return response.status === 503 && body.notReady[0]?.state === 'failed' ? body : undefined;
      },
      { what: '/readyz to answer 503 with db failed', timeout: 15_000, interval: 50 },
    );
    expect(failed).toEqual({
      ready: false,
      notReady: [{ name: 'db', state: 'failed', lastError: 'module "db" failed to start: db is down' }],
      degraded: [],
    });
    expect((await send('POST', '/api/scheduler/jobs/heal-db/run', undefined, TOKEN)).body).toMatchObject({
      outcome: 'success',
    });
    const healed = await get('/readyz');
    expect(healed.status).toBe(200);
    expect(JSON.parse(healed.text)).toEqual({ ready: true, notReady: [], degraded: [] });
  });
});

describe('createService({ ops }) when the port is taken', () => {
  let taken: Server;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('fails the ops module at once, saying which address and why', async () => {
    const { port } = taken.address() as { port: number };
    const child = new Child({ OPSFIX_OPS__PORT: String(port) });
    const started = await child.line((line) => line.report !== undefined);
    expect(started.report?.failed).toEqual(['ops']);
    expect(child.output).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    expect(await child.exited).toBe(1);
  });
});
