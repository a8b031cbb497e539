import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { plugin } from '../src/index.js';

/** The problems parseConfig reports for `config`, as `path: message`. */
function problemsOf(config: unknown): { path: string; message: string }[] {
  try {
    plugin.parseConfig(config);
  } catch (error) {
    if (isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')) return error.details.problems as never;
    throw error;
  }
  return [];
}

describe('process config', () => {
  it('accepts the documented minimum for each mode and fills the defaults', () => {
    const config = plugin.parseConfig({ command: 'node', args: ['server.js'] });
    expect(config).toMatchObject({ command: 'node', autoRestart: true, stopGrace: 10_000, logLines: 1000 });
    expect(config.backoff).toEqual({ minDelay: 1000, maxDelay: 30_000, factor: 2, jitter: true, resetAfter: 60_000 });
    expect(plugin.parseConfig({ pid: 1 }).pid).toBe(1);
    expect(plugin.parseConfig({ pidFile: '/run/app.pid' }).pidFile).toBe('/run/app.pid');
  });

  it('asks for one of pid, pidFile or command, and only one', () => {
    expect(problemsOf({})).toEqual([{ path: '', message: expect.stringContaining('set one of pid, pidFile') }]);
    expect(problemsOf({ pid: 1, command: 'node' }).map((p) => p.path)).toEqual(['command']);
  });

  it('rejects a command that is not on PATH, naming the path', () => {
    const [problem] = problemsOf({ command: 'outrider-no-such-command' });
    expect(problem).toEqual({ path: 'command', message: 'command "outrider-no-such-command" was not found on PATH' });
  });

  it('looks the command up on the configured env PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outrider-path-'));
    const script = join(dir, 'my-app');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o755);
    expect(problemsOf({ command: 'my-app' }).map((p) => p.path)).toEqual(['command']);
    expect(problemsOf({ command: 'my-app', env: { PATH: dir } })).toEqual([]);
  });

  it('resolves a relative command against cwd and checks cwd exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outrider-cwd-'));
    writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(dir, 'run.sh'), 0o755);
    expect(problemsOf({ command: './run.sh', cwd: dir })).toEqual([]);
    expect(problemsOf({ command: './missing.sh', cwd: dir }).map((p) => p.path)).toEqual(['command']);
    expect(problemsOf({ command: 'node', cwd: join(dir, 'nope') }).map((p) => p.path)).toEqual(['cwd']);
  });

  it('reports bad durations, numbers and misplaced keys with their paths', () => {
    expect(problemsOf({ command: 'node', stopGrace: -5 }).map((p) => p.path)).toEqual(['stopGrace']);
    expect(problemsOf({ command: 'node', backoff: { minDelay: 'soon' } }).map((p) => p.path)).toEqual([
      'backoff.minDelay',
    ]);
    expect(problemsOf({ command: 'node', backoff: { minDelay: '10s', maxDelay: '1s' } }).map((p) => p.path)).toEqual([
      'backoff.maxDelay',
    ]);
    expect(problemsOf({ pid: 0 }).map((p) => p.path)).toEqual(['pid']);
    expect(problemsOf({ pid: 12, args: ['x'] }).map((p) => p.path)).toEqual(['args']);
    expect(problemsOf({ command: 'node', logLines: -1 }).map((p) => p.path)).toEqual(['logLines']);
  });
});
