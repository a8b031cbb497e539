import { describe, expect, it } from 'vitest';
import { validateConfig } from '../support/sidecar.js';

describe('outrider validate with a bad ws-monitor config', () => {
  it('exits 78 naming the plugin and the path of every problem', async () => {
    const { code, output } = await validateConfig(
      [
        'plugins:',
        '  ws-monitor:',
        '    upstreams:',
        "      - { url: 'http://a.test/', pingInterval: '-1s' }",
        "      - { pongTimeout: '1h' }",
      ].join('\n'),
    );
    expect(code, output).toBe(78);
    expect(output).toContain('plugins.ws-monitor.upstreams.0.url');
    expect(output).toContain('plugins.ws-monitor.upstreams.0.pingInterval');
    expect(output).toContain('plugins.ws-monitor.upstreams.1.url');
  });

  it('passes a good one', async () => {
    const { code, output } = await validateConfig(
      [
        'plugins:',
        '  feeds:',
        '    use: ws-monitor',
        '    upstreams:',
        "      - { url: 'ws://127.0.0.1:3000/stream' }",
      ].join('\n'),
    );
    expect(output).not.toMatch(/invalid/i);
    expect(code, output).toBe(0);
  });
});
