import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutriderError, toError } from '@outrider/core';
import type { Plugin, SidecarPluginContext } from '@outrider/plugin-api';
import type { ZodType } from 'zod';
import { builtInPackage, isBuiltIn } from './builtin.js';

export type HostedPlugin = Plugin<ZodType, SidecarPluginContext>;

const isPlugin = (value: unknown): value is HostedPlugin =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as HostedPlugin).create === 'function' &&
  typeof (value as HostedPlugin).parseConfig === 'function' &&
  typeof (value as HostedPlugin).name === 'string';

/** What `use:` names, as a module specifier: a built-in package, a file URL for paths, or the npm name. */
export function specifierOf(use: string, baseDir: string): string {
  if (isBuiltIn(use)) return builtInPackage(use);
  if (use.startsWith('.') || isAbsolute(use)) return pathToFileURL(isAbsolute(use) ? use : resolve(baseDir, use)).href;
  return use;
}

/**
 * Loads the plugin `use` names. The module must export the plugin as `plugin` (or as its default
 * export), made with `definePlugin`. Paths are relative to `baseDir` (the config file's folder).
 */
export async function resolvePlugin(use: string, baseDir: string, instance: string): Promise<HostedPlugin> {
  const specifier = specifierOf(use, baseDir);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const reason = toError(error);
    const missing = (reason as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    const message = missing
      ? `cannot find plugin "${use}"${isBuiltIn(use) ? '' : ` (looked for ${specifier})`}; built-in plugins are otlp, process, http-probe, ws-monitor, jobs`
      : `plugin "${use}" failed to load: ${reason.message}`;
    throw new OutriderError('OUTRIDER_PLUGIN_NOT_FOUND', message, { module: instance, cause: error, details: { use } });
  }
  const plugin = loaded.plugin ?? loaded.default;
  if (!isPlugin(plugin)) {
    throw new OutriderError(
      'OUTRIDER_PLUGIN_INVALID',
      `"${use}" does not export a plugin (expected \`export const plugin = definePlugin({...})\`)`,
      { module: instance, details: { use } },
    );
  }
  return plugin;
}
