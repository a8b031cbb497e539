// The scaffolder's test is not in a workspace, so it has its own config; the root config lists it as a
// project, so `npm test` runs it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'scripts', root: 'scripts', include: ['new-plugin.test.ts'], testTimeout: 60_000 },
});
