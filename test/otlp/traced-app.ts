// A real instrumented app: the OpenTelemetry SDK exporting spans over OTLP/HTTP protobuf in batches.
// Usage: node traced-app.ts <endpoint> <spans> <service.name>. Prints one JSON line: the span ids it created.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const [endpoint, spanCount, serviceName] = process.argv.slice(2);
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': serviceName, 'service.instance.id': `${serviceName}-1` }),
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }) })],
});

const tracer = provider.getTracer('traced-app', '1.2.3');
const spanIds: string[] = [];
for (let i = 0; i < Number(spanCount); i++) {
  const span = tracer.startSpan(`op-${i}`, { attributes: { 'op.index': i } });
  spanIds.push(span.spanContext().spanId);
  span.end();
}
await provider.shutdown();
process.stdout.write(`${JSON.stringify({ spanIds })}\n`);
