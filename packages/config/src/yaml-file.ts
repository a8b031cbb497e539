import type { Node } from 'yaml';
import { configErrors } from './error-codes.js';
import { yaml } from './yaml-lib.js';

export interface Position {
  line: number;
  column: number;
  /** The value there is a map or sequence, whose own keys have positions too. */
  container: boolean;
}

export interface ParsedYaml {
  value: unknown;
  /** The position of each dot path's key (or sequence item) in the text. */
  positions: Map<string, Position>;
}

/** Parses YAML (or JSON, which YAML contains) and remembers where every key stands. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, column: col, message: error.message.split('\n')[0] ?? error.message };
    });
    const lines = problems.map((p) => `  - ${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw configErrors.create('OUTRIDER_CONFIG_SYNTAX', `${file}: not valid YAML:\n${lines.join('\n')}`, {
      details: { file, problems },
    });
  }
  const positions = new Map<string, Position>();
  const at = (offset: number, value: unknown): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col, container: isMap(value) || isSeq(value) };
  };
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = path === '' ? key : `${path}.${key}`;
        const range = (pair.key as Node | null)?.range ?? (pair.value as Node | null)?.range;
        if (range) positions.set(child, at(range[0], pair.value));
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = path === '' ? String(index) : `${path}.${index}`;
        const range = (item as Node | null)?.range;
        if (range) positions.set(child, at(range[0], item));
        walk(item, child);
      });
    }
  };
  walk(doc.contents, '');
  return { value: doc.toJS({ maxAliasCount: 100 }), positions };
}
