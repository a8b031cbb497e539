type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** An element with attributes (`on…` functions become listeners) and children; text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A table with a caption and column headers; each row is a list of cells. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (Child | Child[])[][],
  attributes: Attributes = {},
): HTMLTableElement {
  return h(
    'table',
    attributes,
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { scope: 'col' }, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}

/** A coloured word for a state: ok, warn or bad, with the word itself carrying the meaning. */
export function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'idle'): HTMLSpanElement {
  return h('span', { class: `badge ${tone}` }, text);
}

export function toneOf(state: string): 'ok' | 'warn' | 'bad' | 'idle' {
  if (state === 'running' || state === 'healthy' || state === 'success' || state === 'ready') return 'ok';
  if (state === 'degraded' || state === 'starting' || state === 'stopping' || state === 'skipped') return 'warn';
  if (state === 'failed' || state === 'unhealthy' || state === 'blocked' || state === 'failure' || state === 'timeout')
    return 'bad';
  return 'idle';
}
