/**
 * A small reader of the Prometheus text format and OpenMetrics, written for the tests from the
 * specs: it unescapes HELP and label values and reads NaN/±Inf, so two outputs can be compared by
 * meaning rather than by bytes.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: string;
  samples: Sample[];
}

export interface Exposition {
  families: Family[];
  eof: boolean;
  blankLines: number;
}

function unescapeText(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}

function parseLabels(text: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start;
  while (text[i] !== '}') {
    if (text[i] === ',') i++;
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq).trim();
    if (text[eq + 1] !== '"') throw new Error(`label ${name} not quoted: ${text}`);
    let j = eq + 2;
    let raw = '';
    while (text[j] !== '"') {
      if (text[j] === '\\') {
        raw += text.slice(j, j + 2);
        j += 2;
      } else {
        raw += text[j];
        j++;
      }
      if (j >= text.length) throw new Error(`unterminated label value: ${text}`);
    }
    if (name in labels) throw new Error(`duplicate label ${name}: ${text}`);
    labels[name] = unescapeText(raw);
    i = j + 1;
  }
  return { labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))), end: i + 1 };
}

export function parseExposition(text: string): Exposition {
  const families: Family[] = [];
  let current: Family | undefined;
  let eof = false;
  let blankLines = 0;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (eof) throw new Error(`content after # EOF: ${line}`);
    if (line === '') {
      blankLines++;
      continue;
    }
    if (line === '# EOF') {
      eof = true;
      continue;
    }
    const help = /^# HELP (\S+) ?(.*)$/.exec(line);
    if (help) {
      current = { name: help[1] as string, help: unescapeText(help[2] as string), type: 'untyped', samples: [] };
      families.push(current);
      continue;
    }
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      if (current === undefined || current.name !== type[1]) throw new Error(`TYPE without its HELP: ${line}`);
      current.type = type[2] as string;
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unexpected comment: ${line}`);
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    let labels: Record<string, string> = {};
    let rest = line.slice(nameEnd);
    if (rest.startsWith('{')) {
      const parsed = parseLabels(line, nameEnd + 1);
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const value = rest.trim().split(' ')[0] as string;
    if (current === undefined) throw new Error(`sample before any HELP: ${line}`);
    current.samples.push({ name, labels, value: parseValue(value) });
  }
  return { families, eof, blankLines };
}
