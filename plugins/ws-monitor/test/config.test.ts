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

describe('ws-monitor config', () => {
  it('defaults every field but the URL', () => {
    expect(plugin.parseConfig({ upstreams: [{ url: 'wss://stream.example.test/ws' }] }).upstreams[0]).toEqual({
      url: 'wss://stream.example.test/ws',
      headers: {},
      pingInterval: 30_000,
      pongTimeout: 10_000,
      staleAfter: 60_000,
      reconnectDelays: [1_000, 2_000, 5_000, 10_000, 30_000],
    });
    expect(plugin.parseConfig({})).toEqual({ upstreams: [] });
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf({
      upstreams: [
        { pingInterval: '5s' },
        { url: 'http://example.test/', pingInterval: '-1s' },
        { url: 'ws://a.test/', pingInterval: '5s', pongTimeout: '10s' },
        { url: 'ws://b.test/', subscribe: { op: 'sub' }, subscribeVia: { adapter: 'incremental', subscriptions: {} } },
        { url: 'ws://c.test/', subscribeVia: { adapter: 'socket.io', subscriptions: { trade: ['x'] } } },
        { url: 'ws://d.test/', reconnectDelays: [] },
      ],
    });
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining([
        'upstreams.0.url',
        'upstreams.1.url',
        'upstreams.1.pingInterval',
        'upstreams.2.pongTimeout',
        'upstreams.3.subscribeVia',
        'upstreams.4.subscribeVia.adapter',
        'upstreams.5.reconnectDelays',
      ]),
    );
  });

  it('rejects two upstreams with the same name', () => {
    expect(problemsOf({ upstreams: [{ url: 'ws://a.test/x' }, { url: 'ws://a.test/x?v=2' }] })).toEqual([
      { path: 'upstreams.1.name', message: expect.stringMatching(/a\.test\/x/) },
    ]);
  });
});
