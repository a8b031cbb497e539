import { describe, expect, it } from 'vitest';
import { validateConfig } from '../support/sidecar.js';

describe('outrider validate with a bad http-probe config', () => {
  it('exits 78 naming the plugin and the path of every problem', async () => {
    const { code, output } = await validateConfig(
      [
        'plugins:',
        '  http-probe:',
        '    targets:',
        "      - { interval: '-5s' }",
        "      - { url: 'http://a.test/', timeout: '1m' }",
      ].join('\n'),
    );
    expect(code, output).toBe(78);
    expect(output).toContain('plugins.http-probe.targets.0.url');
    expect(output).toContain('plugins.http-probe.targets.0.interval');
    expect(output).toContain('plugins.http-probe.targets.1.timeout');
  });

  it('passes a good one', async () => {
    const { code, output } = await validateConfig(
      [
        'plugins:',
        '  probes:',
        '    use: http-probe',
        '    targets:',
        "      - { url: 'http://127.0.0.1:3000/health' }",
      ].join('\n'),
    );
    expect(output).not.toMatch(/invalid/i);
    expect(code, output).toBe(0);
  });
});
