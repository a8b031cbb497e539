// Property-based fuzzing of the config loader (the sidecar's schema and every built-in plugin's):
// whatever the file holds, the answer is a loaded config or one config error that names where
// each problem is, which the CLI turns into exit 78 without a stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { runCli } from './sidecar-process.js';

/** Cases per property: small in `npm test`, large under `npm run fuzz` (CONFIG_FUZZ_RUNS). */
const runs = Number(process.env.CONFIG_FUZZ_RUNS ?? 150);

const CONFIG_CODES = new Set([
  'OUTRIDER_CONFIG_INVALID',
  'OUTRIDER_CONFIG_SYNTAX',
  'OUTRIDER_CONFIG_UNREADABLE',
  'OUTRIDER_CONFIG_NOT_FOUND',
  'OUTRIDER_CONFIG_ENV_INVALID',
  'OUTRIDER_PLUGIN_NOT_FOUND',
  'OUTRIDER_PLUGIN_INVALID',
]);

// Instance names and `use` values stay among the built-ins and a missing file: any other name is
// an npm specifier, and importing whatever happens to be installed is not what is under test.
const INSTANCES = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs', 'probe', 'Bad_Name'];
const USES = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs', './missing-plugin.js'];
const KEYS = [
  'server',
  'host',
  'port',
  'bodyLimitBytes',
  'requestTimeout',
  'allowedHosts',
  'admin',
  'token',
  'log',
  'level',
  'dir',
  'pretty',
  'stateDir',
  'shutdown',
  'timeout',
  'receiver',
  'maxBodyBytes',
  'limits',
  'exporter',
  'endpoint',
  'headers',
  'compression',
  'spool',
  'whenFull',
  'memory',
  'maxTraces',
  'targets',
  'url',
  'name',
  'interval',
  'expectStatus',
  'bodyMatch',
  'jobs',
  'kind',
  'every',
  'cron',
  'timezone',
  'command',
  'args',
  'env',
  'body',
  'pid',
  'pidFile',
  'restart',
  'maxRestarts',
  'minDelay',
  'required',
  'dependsOn',
  'secretFile',
  'upstreams',
  'subscriptions',
];

const leaf = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom(
    '31s',
    '1h30m',
    '2xx',
    'http://u:p@127.0.0.1:9/x?token=t',
    'ws://127.0.0.1:1',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config file's ${ENV} reference, on purpose
    '${HOME}',
    '*/5 * * * *',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('value'), {
    maxKeys: 5,
  }),
}));
const pluginEntry = fc.record(
  {
    use: fc.constantFrom(...USES),
    required: fc.oneof(fc.boolean(), leaf),
    dependsOn: fc.oneof(fc.array(fc.constantFrom(...INSTANCES, 'http')), leaf),
  },
  { requiredKeys: [] },
);
const config = fc
  .record(
    {
      server: value,
      admin: value,
      log: value,
      stateDir: leaf,
      plugins: fc.dictionary(
        fc.constantFrom(...INSTANCES),
        fc.tuple(pluginEntry, fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 })),
        { maxKeys: 3 },
      ),
    },
    { requiredKeys: [] },
  )
  .map(({ plugins, ...rest }) => ({
    ...rest,
    ...(plugins === undefined
      ? {}
      : {
          plugins: Object.fromEntries(
            Object.entries(plugins).map(([name, [host, own]]) => [name, { ...own, ...host }]),
          ),
        }),
  }));

/** YAML of a generated config, sometimes cut short or with random text spliced in. */
const fileText = fc.oneof(
  config.map((generated) => stringify(generated)),
  fc.tuple(config, fc.nat(), fc.string({ maxLength: 12 })).map(([generated, at, noise]) => {
    const text = stringify(generated);
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${noise}${text.slice(cut)}`;
  }),
  fc.string({ maxLength: 80 }),
);

function writeConfig(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'outrider-fuzz-'));
  const file = join(dir, 'outrider.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

/** Where a problem is: `outrider.yaml:3:5`, the file itself, or an environment variable. */
const POSITION = /(^|\/)outrider\.yaml(:\d+:\d+)?$|^env [A-Z_]+$/;

describe('config loader under fuzzing', { timeout: 600_000 }, () => {
  it('answers a config or one config error whose every problem has a position', async () => {
    await fc.assert(
      fc.asyncProperty(fileText, async (text) => {
        const { dir, file } = writeConfig(text);
        try {
          await loadConfig({ path: file, cwd: dir, env: {} });
        } catch (error) {
          if (!isOutriderError(error) || !CONFIG_CODES.has(error.code)) throw error;
          expect(error.message).toContain('outrider.yaml');
          const problems = (error.details as { problems?: { from?: string; line?: number }[] }).problems ?? [];
          for (const problem of problems) {
            if (problem.from !== undefined) expect(problem.from).toMatch(POSITION);
            else expect(problem.line).toBeTypeOf('number');
          }
        }
      }),
      { numRuns: runs },
    );
  });

  it('outrider validate exits 0 or 78, never with a stack trace', async () => {
    const samples = fc.sample(fileText, { numRuns: Math.max(3, Math.round(runs / 50)), seed: 16 });
    for (const text of samples) {
      const { dir, file } = writeConfig(text);
      const result = await runCli(['validate', '--config', file], { cwd: dir, env: { HOME: dir } });
      expect([0, 78], result.stderr).toContain(result.code);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
