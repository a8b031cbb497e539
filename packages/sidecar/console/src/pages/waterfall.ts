import { badge, h, table } from '../dom.js';
import { milliseconds } from '../format.js';
import { nanosToMs, type Span, spanTree, statusName, type Trace } from './trace-model.js';

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * One trace on a time axis: a row per span, indented under its parent, with a bar from its start to
 * its end; a row opens to show the span's attributes, events and status.
 */
export function waterfall(trace: Trace): HTMLElement {
  const rows = spanTree(trace.spans);
  const start = Math.min(...trace.spans.map((s) => nanosToMs(s.startTimeUnixNano)));
  const end = Math.max(...trace.spans.map((s) => nanosToMs(s.endTimeUnixNano)));
  const total = Math.max(end - start, 0.001);
  const list = h('ol', { class: 'waterfall', 'aria-label': 'Spans by start time, children under their parent' });
  for (const { span, depth } of rows) {
    const offset = nanosToMs(span.startTimeUnixNano) - start;
    const bar = h('span', { class: `bar ${statusName(span.status.code)}` });
    bar.style.left = `${(offset / total) * 100}%`;
    bar.style.width = `${Math.max((span.durationMs / total) * 100, 0.3)}%`;
    const details = h(
      'div',
      { class: 'span-details', id: `span-${span.spanId}`, hidden: true },
      spanDetails(span, start),
    );
    const label = h('span', { class: 'span-name' }, span.name);
    label.style.paddingLeft = `${depth * 1.25}rem`;
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'span-row',
        'aria-expanded': 'false',
        'aria-controls': `span-${span.spanId}`,
        onclick: () => {
          const open = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(open));
          details.hidden = !open;
        },
      },
      label,
      h('span', { class: 'span-service' }, span.service),
      h('span', { class: 'span-time' }, milliseconds(span.durationMs)),
      h('span', { class: 'track', 'aria-hidden': 'true' }, bar),
    );
    list.append(
      h(
        'li',
        { 'data-span-id': span.spanId, 'data-parent-id': span.parentSpanId, 'data-depth': String(depth) },
        toggle,
        details,
      ),
    );
  }
  return list;
}

function spanDetails(span: Span, traceStart: number): Node[] {
  const attributes = Object.entries(span.attributes);
  const events = span.events ?? [];
  const status = statusName(span.status.code);
  return [
    h(
      'p',
      {},
      badge(status, status === 'error' ? 'bad' : status === 'ok' ? 'ok' : 'idle'),
      span.status.message ? ` ${span.status.message}` : '',
      ` · ${KINDS[span.kind] ?? span.kind} · starts at +${milliseconds(nanosToMs(span.startTimeUnixNano) - traceStart)} · scope ${span.scope || '—'} · span ${span.spanId}`,
    ),
    attributes.length === 0
      ? h('p', {}, 'No attributes.')
      : table(
          'Attributes',
          ['Key', 'Value'],
          attributes.map(([key, value]) => [key, JSON.stringify(value)]),
        ),
    events.length === 0
      ? h('p', {}, 'No events.')
      : table(
          'Events',
          ['At', 'Name', 'Attributes'],
          events.map((event) => [
            `+${milliseconds(nanosToMs(event.timeUnixNano) - traceStart)}`,
            event.name,
            JSON.stringify(event.attributes),
          ]),
        ),
  ];
}
