import { adminAction, adminEnabled } from '../admin.js';
import { getJson } from '../api.js';
import { badge, h, table, toneOf } from '../dom.js';
import { dateTime, milliseconds } from '../format.js';
import { every, type Page } from '../page.js';

interface JobStatus {
  id: string;
  trigger: string;
  paused: boolean;
  nextRun: string | null;
  lastRun: string | null;
  lastDurationMs: number | null;
  lastOutcome: string | null;
  lastError: string | null;
  running: number;
  runs: number;
  failures: number;
}

export const jobsPage: Page = {
  title: 'Jobs',
  render(view) {
    const body = h('div', {});
    view.append(h('h2', {}, 'Jobs'), body);
    let shown = '';
    return every(2000, async () => {
      try {
        const { jobs } = await getJson<{ jobs: JobStatus[] }>('/api/scheduler/jobs');
        const key = JSON.stringify([jobs, adminEnabled()]);
        if (key === shown) return;
        shown = key;
        const headers = [
          'Job',
          'Trigger',
          'Next run',
          'Last run',
          'Last result',
          'Duration',
          'Runs',
          'Failures',
          'Last error',
        ];
        if (adminEnabled()) headers.push('Action');
        body.replaceChildren(
          table(
            `${jobs.length} scheduled jobs`,
            headers,
            jobs.map((job) => {
              const cells: (Node | string)[] = [
                h('span', { class: 'mono' }, job.id),
                job.paused ? `${job.trigger} (paused)` : job.trigger,
                dateTime(job.nextRun),
                dateTime(job.lastRun),
                job.running > 0
                  ? badge('running', 'warn')
                  : job.lastOutcome === null
                    ? '—'
                    : badge(job.lastOutcome, toneOf(job.lastOutcome)),
                milliseconds(job.lastDurationMs),
                String(job.runs),
                String(job.failures),
                job.lastError ?? '—',
              ];
              if (adminEnabled()) {
                cells.push(
                  h(
                    'button',
                    {
                      type: 'button',
                      'aria-label': `Run now ${job.id}`,
                      onclick: async () => {
                        const report = await adminAction<{ outcome: string; error?: string }>(
                          `Run ${job.id}`,
                          'POST',
                          `/api/scheduler/jobs/${encodeURIComponent(job.id)}/run`,
                        );
                        if (report !== undefined) {
                          const notice = document.getElementById('notice') as HTMLElement;
                          notice.textContent = `Run ${job.id}: ${report.outcome}${report.error ? ` — ${report.error}` : ''}`;
                        }
                      },
                    },
                    'Run now',
                  ),
                );
              }
              return cells;
            }),
            { id: 'jobs' },
          ),
        );
      } catch (error) {
        body.replaceChildren(h('p', {}, `The jobs could not be read: ${(error as Error).message}`));
      }
    });
  },
};
