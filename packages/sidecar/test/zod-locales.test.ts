import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lazyLocalesIndex } from '../src/zod-locales.js';

const zodRoot = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const localesIndex = join(zodRoot, 'v4/locales/index.js');

/** Runs `body` in a fresh Node that registered the hook first, with `loaded()`: the locale files loaded so far. */
async function withHook(body: string): Promise<string> {
  const hook = pathToFileURL(join(import.meta.dirname, '../src/zod-locales.ts')).href;
  const script = [
    "import { registerHooks } from 'node:module';",
    `const { loadZodLocalesLazily } = await import(${JSON.stringify(hook)});`,
    'loadZodLocalesLazily();',
    'const seen = [];',
    'registerHooks({ load(url, context, next) { if (url.includes("/v4/locales/")) seen.push(url.slice(url.lastIndexOf("/") + 1)); return next(url, context); } });',
    'const loaded = () => [...seen].sort().join(",");',
    body,
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
  });
  return stdout;
}

describe("zod's locales, each loaded on its first use", () => {
  it("understands this zod's locales index: one re-export per locale", () => {
    const lazy = lazyLocalesIndex(readFileSync(localesIndex, 'utf8'));
    expect(lazy).toBeDefined();
    expect(lazy).toContain('export function fr(...args) { return require("./fr.js").default(...args); }');
    expect(lazyLocalesIndex(`${readFileSync(localesIndex, 'utf8')}export * from "./more.js";\n`)).toBeUndefined();
  });

  it('loads English alone at import, another locale when it is asked for, and it works', async () => {
    const out = await withHook(
      [
        "const { z } = await import('zod');",
        'console.log(loaded());',
        'console.log(Object.keys(z.locales).length);',
        'z.config(z.locales.fr());',
        'console.log(loaded());',
        'console.log(z.string().safeParse(1).error.issues[0].message);',
      ].join('\n'),
    );
    const [atImport, count, afterFr, message] = out.trim().split('\n');
    expect(atImport).toBe('en.js,index.js');
    expect(Number(count)).toBe(readFileSync(localesIndex, 'utf8').trim().split('\n').length);
    expect(afterFr).toBe('en.js,fr.js,index.js');
    expect(message).toBe('Entrée invalide : chaîne de caractères attendu, nombre reçu');
  });
});
