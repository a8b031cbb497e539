// `npm run new:plugin -- <name> [--dir <plugins dir>] [--tsconfig <solution tsconfig>] [--description <text>]`:
// scaffolds plugins/<name> from scripts/plugin-template and adds it to the root tsconfig.json references.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = join(ROOT, 'scripts', 'plugin-template');
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

class UsageError extends Error {}

/** `my-thing` → `MyThing`, `my_thing`, `My thing`. */
function namesOf(name: string): Record<string, string> {
  const words = name.split('-');
  const title = words.join(' ');
  return {
    __NAME__: name,
    __PASCAL__: words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(''),
    __SNAKE__: words.join('_'),
    __TITLE__: title[0]?.toUpperCase() + title.slice(1),
  };
}

/** Every template file, relative to the template folder. */
function templateFiles(dir = TEMPLATE): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path) : [relative(TEMPLATE, path)];
  });
}

/** Adds `<dir>` and `<dir>/test` to the solution tsconfig's references, keeping its one-line-per-entry layout. */
function addReferences(tsconfigPath: string, pluginDir: string): void {
  const text = readFileSync(tsconfigPath, 'utf8');
  const base = relative(dirname(tsconfigPath), pluginDir).split('\\').join('/');
  const wanted = [base, `${base}/test`].filter((path) => !text.includes(`"path": "${path}"`));
  if (wanted.length === 0) return;
  const end = text.lastIndexOf(']');
  const lastEntry = text.lastIndexOf('}', end);
  if (end === -1 || lastEntry === -1) throw new UsageError(`${tsconfigPath} has no references list to add to`);
  const lines = wanted.map((path) => `,\n    { "path": "${path}" }`).join('');
  writeFileSync(tsconfigPath, text.slice(0, lastEntry + 1) + lines + text.slice(lastEntry + 1));
}

/** Lays the generated code out as the repo's formatter would (line breaks depend on the name's length). */
function formatWithBiome(dir: string): void {
  const biome = join(ROOT, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) return;
  spawnSync(biome, ['format', '--write', '--vcs-enabled=false', `--config-path=${join(ROOT, 'biome.json')}`, dir], {
    cwd: dir,
    stdio: 'ignore',
  });
}

export interface ScaffoldOptions {
  name: string;
  /** Folder the plugin folder goes in. Default `<repo>/plugins`. */
  dir?: string;
  /** Solution tsconfig to reference the new projects from. Default `<repo>/tsconfig.json`. */
  tsconfig?: string;
  description?: string;
}

/** Writes the plugin folder and returns its path; throws UsageError for a bad name or an existing folder. */
export function scaffoldPlugin(options: ScaffoldOptions): string {
  const { name } = options;
  if (!KEBAB_CASE.test(name)) {
    throw new UsageError(`plugin name "${name}" must be kebab-case: lowercase letters and digits, words joined by -`);
  }
  const pluginDir = resolve(options.dir ?? join(ROOT, 'plugins'), name);
  if (existsSync(pluginDir)) throw new UsageError(`${pluginDir} already exists; pick another name or remove it`);
  const replacements = {
    ...namesOf(name),
    __DESCRIPTION__: options.description ?? `The ${name} plugin for the Outrider sidecar.`,
  };
  for (const file of templateFiles()) {
    let text = readFileSync(join(TEMPLATE, file), 'utf8');
    for (const [token, value] of Object.entries(replacements)) text = text.split(token).join(value);
    const target = join(pluginDir, file.replace(/\.tmpl$/, '').replace(/(^|\/)module\.ts$/, `$1${name}-module.ts`));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  addReferences(options.tsconfig ?? join(ROOT, 'tsconfig.json'), pluginDir);
  formatWithBiome(pluginDir);
  return pluginDir;
}

function main(argv: string[]): number {
  let values: { dir?: string; tsconfig?: string; description?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        tsconfig: { type: 'string' },
        description: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`new:plugin: ${(error as Error).message}`);
    return 1;
  }
  if (values.help || positionals.length !== 1) {
    const usage = 'usage: npm run new:plugin -- <name> [--dir <folder>] [--tsconfig <file>] [--description <text>]';
    (values.help ? console.log : console.error)(usage);
    return values.help ? 0 : 1;
  }
  const name = positionals[0] as string;
  try {
    const dir = scaffoldPlugin({ name, ...values });
    const shown = relative(process.cwd(), dir) || dir;
    console.log(`created ${shown} (@outrider/plugin-${name})

next:
  npm install                                   # links the new workspace
  node_modules/.bin/tsc -b ${shown}/test
  PATH=$PWD/node_modules/.bin:$PATH vitest run --project @outrider/plugin-${name}
  docs/writing-plugins.md explains the contract, config, metrics and dashboards`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`new:plugin: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
