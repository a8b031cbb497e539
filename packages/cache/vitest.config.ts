import { transform } from 'esbuild';
import { defineProject } from 'vitest/config';

/**
 * Node and Vite's oxc transform do not implement TC39 (standard) decorators yet, so tests that use
 * `@cached` syntax are lowered by esbuild first — the same semantics tsc emits for `dist/`.
 */
export default defineProject({
  plugins: [
    {
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
    },
  ],
});
