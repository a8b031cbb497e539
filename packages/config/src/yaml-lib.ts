import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The yaml library, required on first use (require caches it): a process that reads no config file
 * and prints none (the sidecar on its embedded defaults) never loads its 72 modules.
 */
export function yaml(): typeof import('yaml') {
  return require('yaml');
}
