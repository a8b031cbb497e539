/**
 * zod's index imports every one of its locales (63 modules behind `z.locales`), though a process
 * speaks one: about 1.3 MB of an idle sidecar's RSS. This module hook hands zod a locales index whose
 * functions require their locale on first call, so `z.config(z.locales.fr())` works as before. An
 * index of another shape (a zod upgrade) is left as it is; test/zod-locales.test.ts notices that.
 */
const LOCALES_INDEX = /\/node_modules\/zod\/v4\/locales\/index\.js$/;
const LOCALE_EXPORT = /^export \{ default as (\w+) \} from "(\.\/[\w-]+\.js)";$/;

/** The lazy index for zod's locales index `source`, or undefined when it is not the expected list. */
export function lazyLocalesIndex(source: string): string | undefined {
  const exports = source
    .trim()
    .split('\n')
    .map((line) => LOCALE_EXPORT.exec(line.trim()));
  if (exports.length === 0 || exports.some((match) => match === null)) return undefined;
  return [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    ...exports.map((match) => {
      const [, name, file] = match as RegExpExecArray;
      return `export function ${name}(...args) { return require(${JSON.stringify(file)}).default(...args); }`;
    }),
  ].join('\n');
}

/** Registers the hook; call it before anything imports zod. Node before 22.15 lacks registerHooks: a no-op. */
export function loadZodLocalesLazily(): void {
  const { registerHooks } = process.getBuiltinModule('node:module');
  if (typeof registerHooks !== 'function') return;
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (!LOCALES_INDEX.test(url) || loaded.source === undefined) return loaded;
      const lazy = lazyLocalesIndex(String(loaded.source));
      return lazy === undefined ? loaded : { ...loaded, source: lazy };
    },
  });
}
