import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the ops port is off unless configured', () => {
  it('runs no ops module and loads no Koa without `ops`; with it, both', async () => {
    const script = fileURLToPath(new URL('./fixtures/lazy-koa.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script]);
    expect(JSON.parse(stdout)).toEqual({
      offRunning: [],
      withoutOps: false,
      onRunning: ['config', 'ops'],
      withOps: true,
    });
  });
});
