import { describe, expect, it } from 'vitest';
import { prometheusLabelName, prometheusMetricName } from '../src/index.js';

describe('OTel → Prometheus names', () => {
  it.each([
    ['http.server.duration', 'ms', 'histogram', 'http_server_duration_milliseconds'],
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['http.server.requests', '{request}', 'counter', 'http_server_requests_total'],
    ['requests_total', '1', 'counter', 'requests_total'],
    ['process.memory.usage', 'By', 'gauge', 'process_memory_usage_bytes'],
    ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
    ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
    ['queue_size_bytes', 'By', 'gauge', 'queue_size_bytes'],
    ['2xx-responses', '', 'counter', '_2xx_responses_total'],
    ['weird..name!!', 'm', 'gauge', 'weird_name_meters'],
  ] as const)('%s [%s] as a %s → %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });

  it.each([
    ['http.route', 'http_route'],
    ['service.instance.id', 'service_instance_id'],
    ['3d', 'key_3d'],
    ['__reserved', 'key__reserved'],
    ['ok_label', 'ok_label'],
  ])('attribute %s → label %s', (key, expected) => {
    expect(prometheusLabelName(key)).toBe(expected);
  });
});
