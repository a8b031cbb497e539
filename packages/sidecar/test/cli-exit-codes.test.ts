import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/command.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const table = docs.slice(docs.indexOf('## Exit codes of the `outrider` CLI'));

describe('CLI exit codes', () => {
  it('are each listed in docs/errors.md', () => {
    const codes = Object.values(EXIT).flatMap((value) => (typeof value === 'number' ? [value] : Object.values(value)));
    const listed = new Set(
      [...table.matchAll(/^\| (\d+)(?: \([A-Z_]+\))?(?: \/ (\d+))? \|/gm)].flatMap((m) => [m[1], m[2]]),
    );
    for (const code of codes) expect(listed, `exit code ${code}`).toContain(String(code));
  });
});
