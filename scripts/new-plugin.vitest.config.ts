// The scaffolder's test is not in a workspace, so it has its own config:
//   PATH=$PWD/node_modules/.bin:$PATH vitest run --config scripts/new-plugin.vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { root: 'scripts', include: ['new-plugin.test.ts'], testTimeout: 60_000 },
});
