import { h } from '../dom.js';
import type { ModuleView } from '../overview-store.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN = 190;
const ROW = 44;
const BOX = { width: 150, height: 28 };

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * The modules as a layered graph: a module sits one column right of the deepest module it depends on;
 * an arrow goes from each module to what it depends on. The same edges are listed as text for
 * screen readers.
 */
export function dependencyGraph(modules: readonly ModuleView[]): HTMLElement {
  const byName = new Map(modules.map((module) => [module.name, module]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    const dependsOn = byName.get(name)?.dependsOn ?? [];
    const value = dependsOn.length === 0 ? 0 : 1 + Math.max(...dependsOn.map((d) => depthOf(d, seen)));
    depth.set(name, value);
    return value;
  };
  for (const module of modules) depthOf(module.name, new Set());
  const columns = new Map<number, string[]>();
  for (const module of modules) {
    const column = depth.get(module.name) ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), module.name]);
  }
  const position = new Map<string, { x: number; y: number }>();
  for (const [column, names] of columns) {
    for (const [row, name] of names.entries()) position.set(name, { x: 10 + column * COLUMN, y: 10 + row * ROW });
  }
  const width = 20 + (Math.max(...columns.keys(), 0) + 1) * COLUMN;
  const height = 20 + Math.max(...[...columns.values()].map((names) => names.length), 1) * ROW;
  const drawing = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-labelledby': 'graph-desc',
  });
  drawing.append(svg('title', { id: 'graph-desc' }, 'Module dependency graph; the list below names each edge'));
  const defs = svg('defs', {});
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 6,
    markerHeight: 6,
    orient: 'auto',
  });
  marker.append(svg('path', { d: 'M0 0L10 5L0 10z', class: 'edge-head' }));
  defs.append(marker);
  drawing.append(defs);
  const edges: string[] = [];
  for (const module of modules) {
    const from = position.get(module.name);
    for (const target of module.dependsOn) {
      const to = position.get(target);
      if (from === undefined || to === undefined) continue;
      edges.push(`${module.name} depends on ${target}`);
      drawing.append(
        svg('line', {
          x1: from.x,
          y1: from.y + BOX.height / 2,
          x2: to.x + BOX.width,
          y2: to.y + BOX.height / 2,
          class: 'edge',
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  for (const module of modules) {
    const at = position.get(module.name) as { x: number; y: number };
    const group = svg('g', { class: `node ${module.state}` });
    group.append(svg('rect', { x: at.x, y: at.y, width: BOX.width, height: BOX.height, rx: 4 }));
    group.append(svg('text', { x: at.x + 8, y: at.y + 18 }, `${module.name} · ${module.state}`));
    drawing.append(group);
  }
  return h(
    'div',
    { class: 'graph' },
    drawing,
    h(
      'ul',
      { class: 'edges' },
      edges.length === 0 ? h('li', {}, 'No module depends on another.') : edges.map((edge) => h('li', {}, edge)),
    ),
  );
}
