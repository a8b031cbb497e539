// Writes alerts/<file>.yaml from the config (src/config.ts) through the built package; run after tsc.
// test/alert-rules.test.ts fails while a committed file differs from what the config produces.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alertRulesYaml, buildAlertRules } from '../dist/index.js';

const dir = join(import.meta.dirname, '..', 'alerts');
const files = buildAlertRules();
for (const file of files) await writeFile(join(dir, file.file), alertRulesYaml(file));
console.log(`alerts: wrote ${files.length} rule files to alerts/`);
