import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Returned when no span is active; the merge strategy recognises it and adds nothing. */
export const NO_TRACE: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** pino `mixin`: `trace_id` and `span_id` of the active OpenTelemetry span, if any. */
export function traceMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return NO_TRACE;
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return NO_TRACE;
  return { trace_id: context.traceId, span_id: context.spanId };
}

/** pino `mixinMergeStrategy`: the line's own fields win; nothing is allocated when there is no span. */
export function mergeTrace(line: object, mixin: object): object {
  return mixin === NO_TRACE ? line : Object.assign(mixin, line);
}
