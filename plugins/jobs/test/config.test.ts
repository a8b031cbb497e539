import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { plugin } from '../src/index.js';

function problemsOf(config: unknown): { path: string; message: string }[] {
  try {
    plugin.parseConfig(config);
  } catch (error) {
    if (isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')) return error.details.problems as never;
    throw error;
  }
  return [];
}

const http = { kind: 'http', url: 'http://127.0.0.1:3000/health' };
const command = { kind: 'command', command: 'node' };
const pathsOf = (job: unknown) => problemsOf({ jobs: { j: job } }).map((problem) => problem.path);

describe('jobs config', () => {
  it('is valid empty, and fills each job in', () => {
    expect(plugin.parseConfig({})).toEqual({ jobs: {} });
    const { jobs } = plugin.parseConfig({ jobs: { ping: { ...http, every: '31s' } } });
    expect(jobs.ping).toEqual({
      ...http,
      every: 31_000,
      method: 'GET',
      headers: {},
      expectStatus: [],
      maxInstances: 1,
      coalesce: true,
      timeout: 30_000,
      paused: false,
    });
  });

  it('rejects a bad cron, timezone or interval at the job path', () => {
    expect(pathsOf({ ...http, cron: '99 * * * *' })).toEqual(['jobs.j.cron']);
    expect(pathsOf({ ...http, cron: '0 0 30 2 *' })).toEqual(['jobs.j.cron']); // 30 February never comes
    expect(pathsOf({ ...http, cron: '7 3 * * *', timezone: 'Mars/Olympus' })).toEqual(['jobs.j.timezone']);
    expect(pathsOf({ ...http, every: '1m', timezone: 'Asia/Seoul' })).toEqual(['jobs.j.timezone']);
    expect(pathsOf({ ...http, every: -5 })).toEqual(['jobs.j.every']);
    expect(pathsOf({ ...http, every: '0s' })).toEqual(['jobs.j.every']);
    expect(pathsOf({ ...http, every: 'often' })).toEqual(['jobs.j.every']);
    expect(pathsOf({ ...http })).toEqual(['jobs.j.every']);
    expect(pathsOf({ ...http, every: '1m', cron: '* * * * *' })).toEqual(['jobs.j.every']);
    expect(pathsOf({ ...http, every: '1m', timeout: '0s' })).toEqual(['jobs.j.timeout']);
  });

  it('rejects a missing or non-http url', () => {
    expect(problemsOf({ jobs: { j: { kind: 'http', every: '1m' } } })).toEqual([
      { path: 'jobs.j.url', message: 'url is required' },
    ]);
    expect(pathsOf({ ...http, url: 'ftp://example.com', every: '1m' })).toEqual(['jobs.j.url']);
    expect(pathsOf({ ...http, every: '1m', expectStatus: [99] })).toEqual(['jobs.j.expectStatus.0']);
  });

  it('rejects a command that is not on PATH unless it is a shell line', () => {
    expect(problemsOf({ jobs: { j: { ...command, command: 'outrider-no-such-command', every: '1m' } } })).toEqual([
      { path: 'jobs.j.command', message: 'command "outrider-no-such-command" was not found on PATH' },
    ]);
    expect(pathsOf({ ...command, command: 'outrider-no-such-command || true', shell: true, every: '1m' })).toEqual([]);
    expect(pathsOf({ ...command, every: '1m', cwd: '/no/such/dir' })).toEqual(['jobs.j.cwd']);
  });

  it('rejects an unknown kind and a bad job name', () => {
    expect(pathsOf({ kind: 'email', every: '1m' })).toEqual(['jobs.j.kind']);
    expect(problemsOf({ jobs: { 'has space': { ...http, every: '1m' } } }).map((p) => p.path)).toEqual([
      'jobs.has space',
    ]);
  });

  it('reports every problem of every job at once', () => {
    const paths = problemsOf({
      jobs: { a: { ...http, cron: 'bad' }, b: { ...command, command: 'outrider-no-such-command', every: -1 } },
    }).map((p) => p.path);
    expect(paths.sort()).toEqual(['jobs.a.cron', 'jobs.b.command', 'jobs.b.every']);
  });
});
