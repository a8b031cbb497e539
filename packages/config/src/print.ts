import { yaml } from './yaml-lib.js';

/** YAML text of `value`; `sourceOf` adds a trailing `# <source>` comment to each leaf it names. */
export function printConfig(value: unknown, sourceOf?: (path: string) => string | undefined): string {
  const { Document, isMap, isPair, isScalar, isSeq } = yaml();
  const doc = new Document(value);
  if (sourceOf !== undefined) {
    const annotate = (node: unknown, path: string): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          annotate(pair.value, path === '' ? key : `${path}.${key}`);
        }
      } else if (isSeq(node)) {
        for (const [index, item] of node.items.entries()) {
          annotate(item, path === '' ? String(index) : `${path}.${index}`);
        }
      } else if (isScalar(node)) {
        const source = sourceOf(path);
        if (source !== undefined) node.comment = ` ${source}`;
      }
    };
    annotate(doc.contents, '');
  }
  return doc.toString();
}
