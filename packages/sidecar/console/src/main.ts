import { installTokenDialog, renderAdminCorner } from './admin.js';
import { duration } from './format.js';
import { notify } from './notice.js';
import { followOverview, subscribe } from './overview-store.js';
import type { Page } from './page.js';
import { configPage } from './pages/config.js';
import { dashboardsPage } from './pages/dashboards.js';
import { jobsPage } from './pages/jobs.js';
import { livePage } from './pages/live.js';
import { logsPage } from './pages/logs.js';
import { overviewPage } from './pages/overview.js';
import { tracesPage } from './pages/traces.js';

const PAGES: Record<string, Page> = {
  overview: overviewPage,
  live: livePage,
  traces: tracesPage,
  logs: logsPage,
  jobs: jobsPage,
  config: configPage,
  dashboards: dashboardsPage,
};

let leave: (() => void) | undefined;

function route(): void {
  const [name = 'overview', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES[name] ?? overviewPage;
  leave?.();
  const view = document.getElementById('view') as HTMLElement;
  view.replaceChildren();
  document.title = `${page.title} · Outrider console`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    if (link.getAttribute('href') === `#/${PAGES[name] ? name : 'overview'}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  leave = page.render(view, rest.map(decodeURIComponent));
}

function start(): void {
  installTokenDialog();
  const meta = document.getElementById('meta') as HTMLElement;
  followOverview((error) => notify(`The sidecar did not answer: ${error.message}`, 'bad'));
  let adminShown: boolean | undefined;
  subscribe((overview) => {
    meta.textContent = `v${overview.version} · up ${duration(overview.uptimeSeconds)} · ${overview.readiness.ready ? 'ready' : 'NOT ready'}`;
    meta.className = `meta ${overview.readiness.ready ? 'ok' : 'bad'}`;
    if (adminShown !== overview.admin) {
      adminShown = overview.admin;
      renderAdminCorner(overview.admin);
    }
  });
  window.addEventListener('hashchange', route);
  route();
}

start();
