import { describe, expect, it } from 'vitest';
import { validateConfig } from '../support/sidecar.js';

describe('outrider validate with a bad process config', () => {
  it('exits 78 naming the instance and each bad path', async () => {
    const { code, output } = await validateConfig(
      ['plugins:', '  app:', '    use: process', '    command: outrider-no-such-command', '    stopGrace: -1', ''].join(
        '\n',
      ),
    );
    expect(code, output).toBe(78);
    expect(output).toContain('plugins.app.command: command "outrider-no-such-command" was not found on PATH');
    expect(output).toContain('plugins.app.stopGrace');
  });
});
