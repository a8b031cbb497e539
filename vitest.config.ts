import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every workspace is a project with vitest's defaults: its own test/**/*.test.ts.
    projects: ['packages/*', 'plugins/*', 'dashboards*', 'test*', 'examples/*', 'scripts/vitest.new-plugin.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
