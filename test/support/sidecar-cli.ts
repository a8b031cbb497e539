import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `outrider` bin of the declared `@outrider/sidecar` dependency (built by `npm run build`). */
function sidecarCli(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@outrider/sidecar');
  const root = join(dirname(entry), '..');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { outrider: string } };
  return join(root, manifest.bin.outrider);
}

/** Path of the CLI; its own module so plain Node scripts (benches, the soak) can use it without vitest. */
export const SIDECAR_CLI = sidecarCli();
