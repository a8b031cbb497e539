export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  service: string;
  scope: string;
  attributes: Record<string, unknown>;
  events?: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  status: { code: number; message: string };
}

export interface Trace {
  traceId: string;
  service: string;
  spans: Span[];
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  services: string[];
  names: string[];
  spanCount: number;
  durationMs: number;
  startMs: number;
  status: 'ok' | 'error' | 'unset';
}

/** Nanoseconds since the epoch as ms; the float loses sub-µs precision, which a waterfall does not show. */
export function nanosToMs(nanos: string): number {
  return Number(nanos) / 1e6;
}

export function statusName(code: number): 'ok' | 'error' | 'unset' {
  return code === 2 ? 'error' : code === 1 ? 'ok' : 'unset';
}

export function summarize(trace: Trace): TraceSummary {
  const starts = trace.spans.map((s) => nanosToMs(s.startTimeUnixNano));
  const ends = trace.spans.map((s) => nanosToMs(s.endTimeUnixNano));
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const root = trace.spans.find((s) => s.parentSpanId === '' || !ids.has(s.parentSpanId)) ?? trace.spans[0];
  const codes = trace.spans.map((s) => s.status.code);
  return {
    traceId: trace.traceId,
    rootName: root?.name ?? '',
    services: [...new Set(trace.spans.map((s) => s.service))],
    names: [...new Set(trace.spans.map((s) => s.name))],
    spanCount: trace.spans.length,
    startMs: Math.min(...starts),
    durationMs: Math.max(0, Math.max(...ends) - Math.min(...starts)),
    status: codes.includes(2) ? 'error' : codes.includes(1) ? 'ok' : 'unset',
  };
}

/** The spans depth first from the roots (a span whose parent is not in the trace is a root), children by start. */
export function spanTree(spans: readonly Span[]): { span: Span; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    if (span.parentSpanId === '' || !ids.has(span.parentSpanId)) roots.push(span);
    else children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  }
  const byStart = (a: Span, b: Span) => nanosToMs(a.startTimeUnixNano) - nanosToMs(b.startTimeUnixNano);
  const ordered: { span: Span; depth: number }[] = [];
  const visit = (span: Span, depth: number) => {
    ordered.push({ span, depth });
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  return ordered;
}
