import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type protobuf from 'protobufjs';

export type Signal = 'traces' | 'metrics' | 'logs';

export interface SignalCodec {
  readonly request: protobuf.Type;
  readonly response: protobuf.Type;
  /** The repeated field of a request holding the resource-level entries, e.g. `resourceSpans`. */
  readonly resourceField: string;
}

export interface OtlpProto {
  readonly codecs: Readonly<Record<Signal, SignalCodec>>;
  readonly statusType: protobuf.Type;
  /** The levels of a trace or logs request below the request itself, for the wire-level path (raw-records.ts). */
  readonly levelTypes: {
    readonly resource: protobuf.Type;
    readonly scope: protobuf.Type;
    readonly traces: protobuf.Type;
    readonly logs: protobuf.Type;
  };
  readonly Writer: typeof protobuf.Writer;
}

let loaded: OtlpProto | undefined;

/**
 * The OTLP definitions in `proto/`, parsed on first use (protobufjs generates the codecs on theirs):
 * protobufjs and the parse are about half of the plugin's import, which a sidecar that has not yet
 * received a request need not pay.
 */
export function otlpProto(): OtlpProto {
  loaded ??= load();
  return loaded;
}

function load(): OtlpProto {
  // protobufjs is CommonJS: required here, synchronously, rather than imported with the module.
  const { loadSync, Writer } = createRequire(import.meta.url)('protobufjs') as typeof protobuf;
  const root = loadSync(fileURLToPath(new URL('../proto/collector.proto', import.meta.url)));
  root.resolveAll();
  const type = (name: string) => root.lookupType(`opentelemetry.proto.collector.v1.${name}`);
  return {
    codecs: {
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
    },
    statusType: type('Status'),
    levelTypes: {
      resource: root.lookupType('opentelemetry.proto.resource.v1.Resource'),
      scope: root.lookupType('opentelemetry.proto.common.v1.InstrumentationScope'),
      traces: root.lookupType('opentelemetry.proto.trace.v1.Span'),
      logs: root.lookupType('opentelemetry.proto.logs.v1.LogRecord'),
    },
    Writer,
  };
}

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
