import { getJson } from '../api.js';
import { h, table } from '../dom.js';
import type { Page } from '../page.js';

interface DashboardSummary {
  uid: string;
  title: string;
  tags: string[];
}

export const dashboardsPage: Page = {
  title: 'Dashboards',
  render(view) {
    const body = h('div', {}, h('p', {}, 'Loading…'));
    view.append(
      h('h2', {}, 'Dashboards'),
      h(
        'p',
        {},
        'Grafana dashboards for what this sidecar runs. Import one from its JSON, or write them all with a provisioning file: ',
        h('code', {}, 'outrider dashboards export --dir ./dashboards'),
        '.',
      ),
      body,
    );
    void getJson<{ dashboards: DashboardSummary[] }>('/dashboards').then(
      ({ dashboards }) =>
        body.replaceChildren(
          table(
            `${dashboards.length} dashboards`,
            ['Title', 'UID', 'Tags', 'JSON'],
            dashboards.map((d) => [
              d.title,
              h('span', { class: 'mono' }, d.uid),
              d.tags.join(', '),
              h('a', { href: `/dashboards/${encodeURIComponent(d.uid)}` }, `${d.uid}.json`),
            ]),
            { id: 'dashboards' },
          ),
        ),
      (error: Error) => body.replaceChildren(h('p', {}, `The dashboards could not be read: ${error.message}`)),
    );
    return () => {};
  },
};
