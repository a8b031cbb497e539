import { ApiError, getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { clockTime, milliseconds } from '../format.js';
import { every, type Page } from '../page.js';
import { type Span, summarize, type Trace, type TraceSummary } from './trace-model.js';
import { waterfall } from './waterfall.js';

const STATUS = ['any', 'ok', 'error', 'unset'] as const;

export const tracesPage: Page = {
  title: 'Traces',
  render(view, [traceId]) {
    return traceId === undefined ? renderList(view) : renderTrace(view, traceId);
  },
};

/** A span shows within about a second; an unchanged store answers the poll with a 304. */
const POLL_MS = 1000;

async function recent(): Promise<Trace[]> {
  return (
    await getJson<{ traces: { traceId: string; service: string; spans: Span[] }[] }>('/api/traces/recent?limit=200')
  ).traces;
}

function explain(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) {
    return 'No recent traces here: the otlp plugin keeps traces in memory only when it has no exporter endpoint.';
  }
  return `The traces could not be read: ${(error as Error).message}`;
}

function renderList(view: HTMLElement): () => void {
  const service = h('input', { id: 'f-service', type: 'search', placeholder: 'any' });
  const name = h('input', { id: 'f-name', type: 'search', placeholder: 'any' });
  const status = h(
    'select',
    { id: 'f-status' },
    STATUS.map((s) => h('option', { value: s }, s)),
  );
  const minimum = h('input', { id: 'f-min', type: 'number', min: '0', step: '1', placeholder: '0' });
  const results = h('div', { class: 'results' });
  let traces: TraceSummary[] = [];
  const show = () => {
    const wanted = {
      service: service.value.trim().toLowerCase(),
      name: name.value.trim().toLowerCase(),
      status: status.value,
      min: Number(minimum.value || 0),
    };
    const shown = traces.filter(
      (t) =>
        (wanted.service === '' || t.services.some((s) => s.toLowerCase().includes(wanted.service))) &&
        (wanted.name === '' || t.names.some((n) => n.toLowerCase().includes(wanted.name))) &&
        (wanted.status === 'any' || t.status === wanted.status) &&
        t.durationMs >= wanted.min,
    );
    results.replaceChildren(
      table(
        `${shown.length} of ${traces.length} recent traces, newest first`,
        ['Trace', 'Root span', 'Services', 'Spans', 'Duration', 'Status', 'Started'],
        shown.map((t) => [
          h('a', { href: `#/traces/${t.traceId}`, class: 'mono' }, t.traceId.slice(0, 16)),
          t.rootName,
          t.services.join(', '),
          String(t.spanCount),
          milliseconds(t.durationMs),
          badge(t.status, t.status === 'error' ? 'bad' : t.status === 'ok' ? 'ok' : 'idle'),
          clockTime(t.startMs),
        ]),
        { id: 'traces' },
      ),
    );
  };
  for (const input of [service, name, status, minimum]) input.addEventListener('input', show);
  view.append(
    h('h2', {}, 'Traces'),
    h(
      'form',
      { class: 'filters', onsubmit: (event: Event) => event.preventDefault() },
      h('label', { for: 'f-service' }, 'Service'),
      service,
      h('label', { for: 'f-name' }, 'Span name'),
      name,
      h('label', { for: 'f-status' }, 'Status'),
      status,
      h('label', { for: 'f-min' }, 'Min duration (ms)'),
      minimum,
    ),
    results,
  );
  return every(POLL_MS, async () => {
    try {
      traces = (await recent()).map(summarize);
      show();
    } catch (error) {
      results.replaceChildren(h('p', {}, explain(error)));
    }
  });
}

function renderTrace(view: HTMLElement, traceId: string): () => void {
  const body = h('div', {});
  view.append(h('p', {}, h('a', { href: '#/traces' }, '← All traces')), h('h2', {}, `Trace ${traceId}`), body);
  let shownSpans = -1;
  return every(POLL_MS, async () => {
    try {
      const trace = (await recent()).find((t) => t.traceId === traceId);
      if (trace === undefined) {
        body.replaceChildren(h('p', {}, 'This trace is no longer among the recent ones.'));
        return;
      }
      // Spans of a trace may still arrive; redraw only when there are more.
      if (trace.spans.length === shownSpans) return;
      shownSpans = trace.spans.length;
      const summary = summarize(trace);
      body.replaceChildren(
        h('p', {}, `${summary.spanCount} spans · ${milliseconds(summary.durationMs)} · ${summary.services.join(', ')}`),
        waterfall(trace),
      );
    } catch (error) {
      body.replaceChildren(h('p', {}, explain(error)));
    }
  });
}
