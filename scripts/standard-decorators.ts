import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Vite's oxc transform and Node's type stripping do not run TC39 (standard) decorators yet, so
 * test files that use `@retry` or `@cached` syntax are lowered by esbuild first — the same
 * semantics tsc emits for `dist/`. Workspaces whose tests decorate classes add this plugin.
 */
export function standardDecorators(): Plugin {
  return {
    name: 'outrider:standard-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.endsWith('.ts') || !/^\s*@\w/m.test(code)) return undefined;
      const result = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        format: 'esm',
        sourcemap: true,
        sourcefile: id,
      });
      return { code: result.code, map: result.map };
    },
  };
}
