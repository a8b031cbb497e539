import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The OTLP definitions in `proto/`, parsed once; protobufjs generates the codecs on first use. */
const root = protobuf.loadSync(fileURLToPath(new URL('../proto/collector.proto', import.meta.url)));
root.resolveAll();

const type = (name: string) => root.lookupType(`opentelemetry.proto.collector.v1.${name}`);

export type Signal = 'traces' | 'metrics' | 'logs';

export interface SignalCodec {
  readonly request: protobuf.Type;
  readonly response: protobuf.Type;
  /** The repeated field of a request holding the resource-level entries, e.g. `resourceSpans`. */
  readonly resourceField: string;
}

export const codecs: Readonly<Record<Signal, SignalCodec>> = {
  traces: {
    request: type('ExportTraceServiceRequest'),
    response: type('ExportTraceServiceResponse'),
    resourceField: 'resourceSpans',
  },
  metrics: {
    request: type('ExportMetricsServiceRequest'),
    response: type('ExportMetricsServiceResponse'),
    resourceField: 'resourceMetrics',
  },
  logs: {
    request: type('ExportLogsServiceRequest'),
    response: type('ExportLogsServiceResponse'),
    resourceField: 'resourceLogs',
  },
};

export const statusType = type('Status');

/** The levels of a trace or logs request below the request itself, for the wire-level path (raw-records.ts). */
export const levelTypes = {
  resource: root.lookupType('opentelemetry.proto.resource.v1.Resource'),
  scope: root.lookupType('opentelemetry.proto.common.v1.InstrumentationScope'),
  traces: root.lookupType('opentelemetry.proto.trace.v1.Span'),
  logs: root.lookupType('opentelemetry.proto.logs.v1.LogRecord'),
};

/** protobufjs's 64-bit integer (the `long` package), as decoded fixed64/int64 fields hold. */
export type Int64 = number | string | protobuf.Long;

/** A 64-bit value as a JS number (nanosecond timestamps lose sub-µs precision, counts stay exact below 2^53). */
export function toNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return high * 4_294_967_296 + (value.low >>> 0);
}
