import { describe, expect, it } from 'vitest';
import { validateConfig } from '../support/sidecar.js';

describe('outrider validate with an otlp config', () => {
  it('rejects a bad one with exit 78, naming the plugin and each path', async () => {
    const { code, output } = await validateConfig(
      'plugins:\n  otlp:\n    receiver: { port: 99999 }\n    exporter: { spool: { whenFull: sometimes } }\n',
    );
    expect(code, output).toBe(78);
    expect(output).toContain('plugins.otlp.receiver.port');
    expect(output).toContain('plugins.otlp.exporter.spool.whenFull');
  });

  it('accepts one with an endpoint and a spool policy', async () => {
    const { code, output } = await validateConfig(
      'plugins:\n  otlp:\n    receiver: { port: 0 }\n    exporter: { endpoint: http://127.0.0.1:4319, spool: { whenFull: drop-oldest } }\n',
    );
    expect(output).not.toContain('invalid');
    expect(code, output).toBe(0);
  });
});
