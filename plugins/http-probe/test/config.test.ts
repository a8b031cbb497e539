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
  throw new Error('the config was accepted');
}

describe('http-probe config', () => {
  it('defaults every field but the URL', () => {
    const config = plugin.parseConfig({ targets: [{ url: 'http://127.0.0.1:3000/health' }] });
    expect(config.targets[0]).toEqual({
      url: 'http://127.0.0.1:3000/health',
      method: 'GET',
      headers: {},
      expectStatus: '2xx',
      interval: 31_000,
      timeout: 5_000,
      insecureSkipVerify: false,
    });
    expect(plugin.parseConfig({})).toEqual({ targets: [] });
  });

  it('defaults the timeout to half a short interval', () => {
    const config = plugin.parseConfig({ targets: [{ url: 'http://a.test/', interval: '3s' }] });
    expect(config.targets[0]?.timeout).toBe(1_500);
  });

  it('reads durations as text and status as a number, a list or a class', () => {
    const config = plugin.parseConfig({
      targets: [
        { url: 'https://example.test/a', interval: '1m', timeout: '1500ms', expectStatus: [200, 204] },
        { url: 'https://example.test/b', expectStatus: 404, bodyMatch: '"ok":\\s*true' },
      ],
    });
    expect(config.targets.map((t) => [t.interval, t.timeout, t.expectStatus])).toEqual([
      [60_000, 1_500, [200, 204]],
      [31_000, 5_000, 404],
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf({
      targets: [
        { interval: '10s' },
        { url: 'ftp://example.test/', interval: '-5s' },
        { url: 'http://a.test/', timeout: '40s' },
        { url: 'http://a.test/x', bodyMatch: '([', expectStatus: '2yy' },
        { url: 'http://a.test/x', expectStatus: 700 },
      ],
    });
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'targets.0.url',
        'targets.1.url',
        'targets.1.interval',
        'targets.2.timeout',
        'targets.3.bodyMatch',
        'targets.3.expectStatus',
        'targets.4.expectStatus',
      ]),
    );
    expect(problems.find((problem) => problem.path === 'targets.2.timeout')?.message).toMatch(/shorter than interval/);
  });

  it('rejects two targets with the same name', () => {
    const problems = problemsOf({
      targets: [{ url: 'http://a.test/health' }, { url: 'http://a.test/health?verbose=1' }],
    });
    expect(problems).toEqual([{ path: 'targets.1.name', message: expect.stringMatching(/a\.test\/health/) }]);
  });

  it('rejects an interval under a second', () => {
    expect(problemsOf({ targets: [{ url: 'http://a.test/', interval: '500ms', timeout: '100ms' }] })).toEqual([
      { path: 'targets.0.interval', message: expect.stringMatching(/at least 1s/) },
    ]);
  });
});
