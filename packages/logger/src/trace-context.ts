import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';

// The API's CommonJS build, the one prom-client requires: importing its ES build would load a second
// copy (51 modules). Both builds keep their state on one global, so either sees the active span.
const { isSpanContextValid, trace }: typeof OtelApi = createRequire(import.meta.url)('@opentelemetry/api');

/** Returned when no span is active; the merge strategy recognises it and adds nothing. */
export const NO_TRACE: Record<string, string> = Object.freeze({}) as Record<string, string>;

// Lines in a row usually share a span: validate its context once, not per line.
let lastSpan: OtelApi.Span | undefined;
let lastContext: OtelApi.SpanContext | undefined;

/** pino `mixin`: `trace_id` and `span_id` of the active OpenTelemetry span, if any. */
export function traceMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return NO_TRACE;
  if (span !== lastSpan) {
    const context = span.spanContext();
    lastSpan = span;
    lastContext = isSpanContextValid(context) ? context : undefined;
  }
  // A fresh object each time: pino's merge writes the line's fields into it.
  return lastContext === undefined ? NO_TRACE : { trace_id: lastContext.traceId, span_id: lastContext.spanId };
}

/** pino `mixinMergeStrategy`: the line's own fields win; nothing is allocated when there is no span. */
export function mergeTrace(line: object, mixin: object): object {
  return mixin === NO_TRACE ? line : Object.assign(mixin, line);
}
