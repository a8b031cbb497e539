import { getJson, hasToken, onTokenChange } from '../api.js';
import { h, table } from '../dom.js';
import type { Page } from '../page.js';

interface ConfigResponse {
  view: 'full' | 'public';
  config: unknown;
  sources: Record<string, string>;
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

export const configPage: Page = {
  title: 'Config',
  render(view) {
    const body = h('div', {});
    view.append(h('h2', {}, 'Config in force'), body);
    let closed = false;
    const load = async () => {
      try {
        const response = await getJson<ConfigResponse>('/api/config?sources=true', { admin: hasToken() });
        if (closed) return;
        const paths = Object.keys(response.sources);
        body.replaceChildren(
          h(
            'p',
            {},
            response.view === 'full'
              ? 'The full view: every key, each plugin’s own config included. Secrets show as ***.'
              : 'The public view: the sidecar’s keys and each plugin’s host keys. Enter the admin token for the full view. Secrets show as ***.',
          ),
          table(
            `${paths.length} values and where each came from`,
            ['Key', 'Value', 'Source'],
            paths.map((path) => [
              h('span', { class: 'mono' }, path),
              h('span', { class: 'mono' }, JSON.stringify(valueAt(response.config, path))),
              response.sources[path] ?? '—',
            ]),
            { id: 'config' },
          ),
        );
      } catch (error) {
        body.replaceChildren(h('p', {}, `The config could not be read: ${(error as Error).message}`));
      }
    };
    void load();
    const unsubscribe = onTokenChange(() => void load());
    return () => {
      closed = true;
      unsubscribe();
    };
  },
};
