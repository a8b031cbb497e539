import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

/**
 * The OTLP messages from the protobuf definitions the otlp plugin ships (`@outrider/plugin-otlp/proto/*`),
 * loaded independently of the plugin's decoder: to build requests and read what the sidecar exports.
 */
const file = createRequire(import.meta.url).resolve('@outrider/plugin-otlp/proto/collector.proto');
const root = protobuf.loadSync(file);
export const TraceRequest = root.lookupType('opentelemetry.proto.collector.v1.ExportTraceServiceRequest');
export const MetricsRequest = root.lookupType('opentelemetry.proto.collector.v1.ExportMetricsServiceRequest');

/** A string attribute as OTLP writes it. */
export const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
