import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('one import stays small', () => {
  it('loads the OpenTelemetry SDK only when startTelemetry is called', async () => {
    const script = fileURLToPath(new URL('./fixtures/lazy-otel.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script]);
    expect(JSON.parse(stdout)).toEqual({ afterImport: false, afterStart: true });
  });
});
