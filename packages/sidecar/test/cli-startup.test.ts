import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, configDir, FIXTURES, NODE, type RunningSidecar, startSidecar } from './sidecar-process.js';

const counting = join(FIXTURES, 'counting-plugin.ts');
const running: RunningSidecar[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sidecar) => sidecar.stop()));
});

/** Runs `outrider start ...` to its exit, keeping stdout's JSON lines and stderr. */
function runStart(args: string[], cwd: string) {
  return new Promise<{ code: number | null; stderr: string; lines: Record<string, unknown>[]; exitedAt: number }>(
    (resolve, reject) => {
      const child = spawn(NODE, [CLI, 'start', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        const lines = stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        resolve({ code, stderr, lines, exitedAt: Date.now() });
      });
    },
  );
}

describe('outrider start: failures no retry can fix', () => {
  it('a second sidecar on the same port exits within 2 s with 69 and one line naming the port', async () => {
    const { dir } = configDir('plugins: {}\n');
    const first = await startSidecar(['--otlp-port', '0'], { cwd: dir });
    running.push(first);
    const port = new URL(first.url).port;

    const second = await runStart(['--port', port, '--otlp-port', '0'], dir);

    expect(second.code).toBe(69);
    expect(second.stderr).toBe(
      `outrider: cannot start: 127.0.0.1:${port} is already in use (module http; set server.port or --port)\n`,
    );
    // From the process's first log line to its exit: no backoff, no retries.
    const firstLog = second.lines[0]?.time as number;
    expect(second.exitedAt - firstLog).toBeLessThan(2_000);
    expect(second.lines.some((line) => line.msg === 'restarting module')).toBe(false);
    expect(second.lines.some((line) => line.msg === 'outrider started')).toBe(false);
    // The first one is untouched.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('names every port in use on one line, the OTLP receiver too', async () => {
    const { dir } = configDir('plugins: { otlp: {} }\n');
    const first = await startSidecar(['--otlp-port', '0'], { cwd: dir });
    running.push(first);
    const port = new URL(first.url).port;
    const listening = await first.waitForLog((line) => line.msg === 'OTLP receiver listening');
    const otlpPort = String(listening.port);

    const second = await runStart(['--port', port, '--otlp-port', otlpPort], dir);

    expect(second.code).toBe(69);
    expect(second.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(second.stderr).toContain(`127.0.0.1:${port} is already in use (module http`);
    expect(second.stderr).toContain(`127.0.0.1:${otlpPort} is already in use (module otlp)`);
  });

  it('a port it may not bind exits 77 with one line', async () => {
    if (process.getuid?.() === 0) {
      console.log('skipped: running as root, which may bind port 80');
      return;
    }
    const { dir } = configDir('plugins: {}\n');
    const result = await runStart(['--port', '80'], dir);
    expect(result.code).toBe(77);
    expect(result.stderr).toBe('outrider: cannot start: permission denied to listen on 127.0.0.1:80 (module http)\n');
  });
});

describe('outrider start: start-up that takes time', () => {
  it('logs "started" at once when a plugin fails its first start, and keeps retrying it', async () => {
    const { dir, file } = configDir(
      `plugins:\n  flaky:\n    use: ${counting}\n    failStart: true\n    restart: { maxRestarts: 50, minDelay: 50ms, maxDelay: 50ms }\n`,
    );
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    running.push(sidecar);
    const started = await sidecar.waitForLog((line) => line.msg === 'outrider started');
    expect(started.failed).toEqual(['flaky']);
    await sidecar.waitForLog((line) => line.msg === 'restarting module' && line.attempt === 3);
    expect(await sidecar.stop()).toBe(0);
  });

  it('a SIGTERM while a plugin is still starting stops at once with 143, and nothing says "started"', async () => {
    const { dir, file } = configDir(
      `shutdown: { timeout: 5s }\nplugins:\n  slow:\n    use: ${counting}\n    startDelay: 8000\n`,
    );
    const sidecar = await startSidecar(['--config', file], { cwd: dir });
    const sent = Date.now();
    sidecar.child.kill('SIGTERM');
    const code = await sidecar.exited;
    expect(code).toBe(143);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(sidecar.lines.some((line) => line.msg === 'outrider started')).toBe(false);
    // Nothing is left listening.
    await expect(fetch(`${sidecar.url}/healthz`)).rejects.toThrow();
  });
});
