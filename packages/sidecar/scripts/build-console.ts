// Builds the web console (console/) into dist/ui-assets/: esbuild bundles the script and the styles
// (uPlot's included), then every file is written brotli- and gzip-compressed, as the sidecar serves it.
// Run by `npm run build`; prints the bytes each file adds.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const source = join(root, 'console');
const out = join(root, 'dist', 'ui-assets');

const bundled = await build({
  entryPoints: { app: join(source, 'src', 'main.ts'), style: join(source, 'app.css') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  write: false,
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
const byExtension = (extension: string) => {
  const file = bundled.outputFiles.find((f) => f.path.endsWith(extension));
  if (file === undefined) throw new Error(`esbuild wrote no ${extension} file`);
  return Buffer.from(file.contents);
};
const files: Record<string, Buffer> = {
  'index.html': await readFile(join(source, 'index.html')),
  'app.js': byExtension('.js'),
  'app.css': byExtension('.css'),
  'favicon.svg': await readFile(join(source, 'favicon.svg')),
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const rows: string[] = [];
let totals = { raw: 0, gzip: 0, brotli: 0 };
for (const [name, content] of Object.entries(files)) {
  const gzip = gzipSync(content, { level: 9 });
  const brotli = brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength },
  });
  await writeFile(join(out, `${name}.gz`), gzip);
  await writeFile(join(out, `${name}.br`), brotli);
  totals = {
    raw: totals.raw + content.byteLength,
    gzip: totals.gzip + gzip.byteLength,
    brotli: totals.brotli + brotli.byteLength,
  };
  rows.push(
    `${name.padEnd(12)} ${String(content.byteLength).padStart(8)} ${String(gzip.byteLength).padStart(8)} ${String(brotli.byteLength).padStart(8)}`,
  );
}
await writeFile(join(out, 'sizes.json'), `${JSON.stringify(totals)}\n`);
if (process.env.npm_config_loglevel !== 'silent') {
  console.log(
    `console assets (bytes)      raw     gzip   brotli\n${rows.join('\n')}\n${'total'.padEnd(12)} ${String(totals.raw).padStart(8)} ${String(totals.gzip).padStart(8)} ${String(totals.brotli).padStart(8)}`,
  );
}
