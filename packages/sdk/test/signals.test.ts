import { describe, expect, it } from 'vitest';
import { runService } from './child-service.js';

describe('createService signal handling (child process)', () => {
  it('stops the modules in reverse dependency order on SIGTERM and exits 0', async () => {
    const service = runService('service.ts');
    await service.waitFor('ready');
    expect(service.lines).toEqual(['start a', 'start b', 'start c', 'ready']);
    service.child.kill('SIGTERM');
    const { code, signal } = await service.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(service.lines.slice(4)).toEqual(['stop c', 'stop b', 'stop a']);
    const logs = service
      .stderr()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['fixture started', 'SIGTERM: stopping', 'fixture stopped']),
    );
  });

  it('stops on SIGINT too', async () => {
    const service = runService('service.ts');
    await service.waitFor('ready');
    service.child.kill('SIGINT');
    expect((await service.exited).code).toBe(0);
    expect(service.lines.slice(4)).toEqual(['stop c', 'stop b', 'stop a']);
  });

  it('exits 1 at once on a second SIGTERM while a module hangs in stop', async () => {
    const service = runService('service.ts', { HANG_STOP: '1' });
    await service.waitFor('ready');
    service.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    service.child.kill('SIGTERM');
    const { code, afterMs } = await service.exited;
    expect(code).toBe(1);
    expect(afterMs).toBeLessThan(5_000);
    expect(service.lines).not.toContain('stop a');
    expect(service.stderr()).toContain('SIGTERM again: exiting now');
  });

  it('exits 1 when the stop does not finish within shutdownTimeout', async () => {
    const service = runService('service.ts', { HANG_STOP: '1', SHUTDOWN_TIMEOUT: '300ms' });
    await service.waitFor('ready');
    service.child.kill('SIGTERM');
    const { code, afterMs } = await service.exited;
    expect(code).toBe(1);
    expect(afterMs).toBeGreaterThanOrEqual(250);
    expect(afterMs).toBeLessThan(5_000);
    expect(service.stderr()).toContain('shutdown did not finish within 300 ms');
  });
});
