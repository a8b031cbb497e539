import type { Plugin, SidecarPluginContext } from '@outrider/plugin-api';
import { describe, it } from 'vitest';
import type { ZodType } from 'zod';
import { type ConformanceOptions, conformanceChecks } from './conformance-checks.js';

/**
 * Registers the plugin contract as a vitest suite: call it at the top level of a test file.
 *
 * ```ts
 * runPluginConformance(httpProbe, { config: { targets: [{ url: 'http://127.0.0.1:3000/health' }] } });
 * ```
 */
export function runPluginConformance(
  plugin: Plugin<ZodType, SidecarPluginContext>,
  options: ConformanceOptions = {},
): void {
  describe(`plugin "${plugin.name}" conformance`, () => {
    for (const check of conformanceChecks(plugin, options)) it(check.name, () => check.run());
  });
}
