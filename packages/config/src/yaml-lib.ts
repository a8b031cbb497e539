import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

/**
 * The yaml library, required on first use: a process that reads no config file and prints none (the
 * sidecar on its embedded defaults) never loads its 72 modules.
 */
export function yaml(): Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as Yaml;
  return loaded;
}
