import { adminAction, adminEnabled } from '../admin.js';
import { badge, h, table, toneOf } from '../dom.js';
import { dateTime } from '../format.js';
import { type ModuleView, type Overview, subscribe } from '../overview-store.js';
import type { Page } from '../page.js';
import { dependencyGraph } from './dependency-graph.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export const overviewPage: Page = {
  title: 'Overview',
  render(view) {
    const readiness = h('section', { 'aria-labelledby': 'readiness-title' });
    const modules = h('section', { 'aria-labelledby': 'modules-title' });
    const graph = h('section', { 'aria-labelledby': 'graph-title' });
    const admin = h('section', { 'aria-labelledby': 'level-title' });
    view.append(h('h2', {}, 'Overview'), readiness, modules, graph, admin);
    let shown = '';
    let adminShown: boolean | undefined;
    return subscribe((overview) => {
      const key = JSON.stringify([overview.readiness, overview.modules, adminEnabled()]);
      if (key !== shown) {
        shown = key;
        readiness.replaceChildren(...renderReadiness(overview));
        modules.replaceChildren(h('h3', { id: 'modules-title' }, 'Modules'), modulesTable(overview.modules));
        graph.replaceChildren(h('h3', { id: 'graph-title' }, 'Dependencies'), dependencyGraph(overview.modules));
      }
      if (adminShown !== overview.admin) {
        adminShown = overview.admin;
        admin.replaceChildren(...(overview.admin ? logLevelForm(overview.modules) : []));
      }
    });
  },
};

function renderReadiness(overview: Overview): Node[] {
  const { ready, notReady, degraded } = overview.readiness;
  const items = [
    ...notReady.map((item) => ({ ...item, kind: 'makes readiness fail' })),
    ...degraded.map((item) => ({ ...item, kind: 'degraded' })),
  ];
  return [
    h('h3', { id: 'readiness-title' }, 'Readiness'),
    h(
      'p',
      { class: 'readiness', 'data-ready': String(ready) },
      badge(ready ? 'ready' : 'not ready', ready ? 'ok' : 'bad'),
      ` started ${dateTime(overview.startedAt)}`,
    ),
    items.length === 0
      ? h('p', {}, 'Every module is running and healthy.')
      : h(
          'ul',
          { class: 'problems' },
          items.map((item) =>
            h(
              'li',
              {},
              h('strong', {}, item.name),
              ` ${item.kind}: ${item.state}`,
              item.detail ? ` — ${item.detail}` : '',
              item.lastError ? ` — ${item.lastError}` : '',
            ),
          ),
        ),
  ];
}

function modulesTable(modules: readonly ModuleView[]): HTMLTableElement {
  const headers = ['Module', 'Plugin', 'State', 'Health', 'Restarts', 'Last error', 'Since'];
  if (adminEnabled()) headers.push('Action');
  const rows = modules.map((module) => {
    const health = module.health;
    const cells: (Node | string)[] = [
      h('span', { class: 'name' }, module.name, module.required ? h('span', { class: 'required' }, ' (required)') : ''),
      module.plugin === undefined
        ? 'built-in'
        : `${module.plugin.name} ${module.plugin.version} (${module.plugin.stability})`,
      badge(module.state, toneOf(module.state)),
      health === undefined
        ? '—'
        : h(
            'span',
            { class: 'health' },
            badge(health.status, toneOf(health.status)),
            health.detail ? ` ${health.detail}` : '',
          ),
      String(module.restarts),
      module.lastError?.message ?? '—',
      dateTime(module.since),
    ];
    if (adminEnabled()) {
      cells.push(
        module.kind === 'plugin'
          ? h(
              'button',
              {
                type: 'button',
                'aria-label': `Restart ${module.name}`,
                onclick: () =>
                  void adminAction(
                    `Restart ${module.name}`,
                    'POST',
                    `/api/plugins/${encodeURIComponent(module.name)}/restart`,
                  ),
              },
              'Restart',
            )
          : '',
      );
    }
    return cells;
  });
  const element = table('Each module: its state, health, restarts and last error', headers, rows, { id: 'modules' });
  // Rows carry the module name so scripts and tests can find one.
  element.querySelectorAll('tbody tr').forEach((row, index) => {
    row.setAttribute('data-module', modules[index]?.name ?? '');
  });
  return element;
}

function logLevelForm(modules: readonly ModuleView[]): Node[] {
  const level = h(
    'select',
    { id: 'level-select' },
    LEVELS.map((name) => h('option', { value: name, selected: name === 'info' }, name)),
  );
  const module = h(
    'select',
    { id: 'level-module' },
    h('option', { value: '' }, 'all modules'),
    modules.map((m) => h('option', { value: m.name }, m.name)),
  );
  const form = h(
    'form',
    {
      class: 'inline',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const body = module.value === '' ? { level: level.value } : { level: level.value, module: module.value };
        void adminAction(`Log level ${level.value}`, 'PUT', '/api/log-level', body);
      },
    },
    h('label', { for: 'level-select' }, 'Level'),
    level,
    h('label', { for: 'level-module' }, 'of'),
    module,
    h('button', { type: 'submit' }, 'Set log level'),
  );
  return [h('h3', { id: 'level-title' }, 'Log level'), form];
}
