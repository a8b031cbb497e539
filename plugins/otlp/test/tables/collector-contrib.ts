import type { LabelNameCase, MetricNameCase } from './cases.js';

/**
 * The cases of the OpenTelemetry Collector contrib translator's tests,
 * `pkg/translator/prometheus/normalize_name_test.go` and `normalize_label_test.go` (the versions
 * before the translator moved to prometheus/otlptranslator), as data. `createGauge` is a gauge,
 * `createCounter` a monotonic sum; the normalize-name feature gate on is the default strategy, off
 * is escaping without suffixes. Where this older translator and prometheus/otlptranslator disagree,
 * Outrider follows prometheus/otlptranslator and the spec, and the case says why.
 */
const withSuffixes = (
  source: string,
  type: 'gauge' | 'monotonic_sum',
  name: string,
  unit: string,
  expected: string,
  difference?: string,
): MetricNameCase => ({
  source,
  name,
  unit,
  type,
  strategy: 'UnderscoreEscapingWithSuffixes',
  expected: { name: expected },
  ...(difference === undefined ? {} : { difference }),
});
const gauge = (source: string, name: string, unit: string, expected: string, difference?: string) =>
  withSuffixes(source, 'gauge', name, unit, expected, difference);
const counter = (source: string, name: string, unit: string, expected: string, difference?: string) =>
  withSuffixes(source, 'monotonic_sum', name, unit, expected, difference);
const withoutSuffixes = (
  name: string,
  unit: string,
  type: 'gauge' | 'monotonic_sum',
  expected: string,
): MetricNameCase => ({
  source: 'TestBuildPromCompliantNameWithoutNormalize',
  name,
  unit,
  type,
  strategy: 'UnderscoreEscapingWithoutSuffixes',
  expected: { name: expected },
});

const NO_NAMESPACE = 'Outrider has no namespace setting: the case runs without its namespace';
const COLON =
  'prometheus/otlptranslator keeps `:` (a valid metric name character) in names and units, where this older translator dropped it';
const DOLLAR =
  'the `$` → `dollars` unit was dropped from the reference unit table (prometheus/otlptranslator has no `$`)';

export const contribMetricNames: MetricNameCase[] = [
  gauge('TestByte', 'system.filesystem.usage', 'By', 'system_filesystem_usage_bytes'),
  counter('TestByteCounter', 'system.io', 'By', 'system_io_bytes_total'),
  counter('TestByteCounter', 'network_transmitted_bytes_total', 'By', 'network_transmitted_bytes_total'),
  gauge('TestWhiteSpaces', '\t system.filesystem.usage       ', '  By\t', 'system_filesystem_usage_bytes'),
  gauge('TestNonStandardUnit', 'system.network.dropped', '{packets}', 'system_network_dropped'),
  counter('TestNonStandardUnitCounter', 'system.network.dropped', '{packets}', 'system_network_dropped_total'),
  gauge('TestBrokenUnit', 'system.network.dropped', 'packets', 'system_network_dropped_packets'),
  gauge('TestBrokenUnit', 'system.network.packets.dropped', 'packets', 'system_network_packets_dropped'),
  gauge('TestBrokenUnit', 'system.network.packets', 'packets', 'system_network_packets'),
  counter('TestBrokenUnitCounter', 'system.network.dropped', 'packets', 'system_network_dropped_packets_total'),
  counter('TestBrokenUnitCounter', 'system.network.packets.dropped', 'packets', 'system_network_packets_dropped_total'),
  counter('TestBrokenUnitCounter', 'system.network.packets', 'packets', 'system_network_packets_total'),
  gauge('TestRatio', 'hw.gpu.memory.utilization', '1', 'hw_gpu_memory_utilization_ratio'),
  gauge('TestRatio', 'hw.fan.speed_ratio', '1', 'hw_fan_speed_ratio'),
  counter('TestRatio', 'objects', '1', 'objects_total'),
  gauge('TestHertz', 'hw.cpu.speed_limit', 'Hz', 'hw_cpu_speed_limit_hertz'),
  gauge('TestPer', 'broken.metric.speed', 'km/h', 'broken_metric_speed_km_per_hour'),
  gauge('TestPer', 'astro.light.speed_limit', 'm/s', 'astro_light_speed_limit_meters_per_second'),
  gauge('TestPercent', 'broken.metric.success_ratio', '%', 'broken_metric_success_ratio_percent'),
  gauge('TestPercent', 'broken.metric.success_percent', '%', 'broken_metric_success_percent'),
  gauge('TestDollar', 'crypto.bitcoin.value', '$', 'crypto_bitcoin_value_dollars', DOLLAR),
  gauge('TestDollar', 'crypto.bitcoin.value.dollars', '$', 'crypto_bitcoin_value_dollars'),
  gauge('TestEmpty', 'test.metric.no_unit', '', 'test_metric_no_unit'),
  gauge('TestEmpty', 'test.metric.spaces', '   \t  ', 'test_metric_spaces'),
  gauge('TestUnsupportedRunes', 'unsupported.metric.temperature', '°F', 'unsupported_metric_temperature_F'),
  gauge('TestUnsupportedRunes', 'unsupported.metric.weird', '+=.:,!* & #', 'unsupported_metric_weird', COLON),
  gauge(
    'TestUnsupportedRunes',
    'unsupported.metric.redundant',
    '__test $/°C',
    'unsupported_metric_redundant_test_per_C',
  ),
  counter(
    'TestOtelReceivers',
    'active_directory.ds.replication.network.io',
    'By',
    'active_directory_ds_replication_network_io_bytes_total',
  ),
  counter(
    'TestOtelReceivers',
    'active_directory.ds.replication.sync.object.pending',
    '{objects}',
    'active_directory_ds_replication_sync_object_pending_total',
  ),
  gauge(
    'TestOtelReceivers',
    'active_directory.ds.replication.object.rate',
    '{objects}/s',
    'active_directory_ds_replication_object_rate_per_second',
  ),
  gauge(
    'TestOtelReceivers',
    'active_directory.ds.name_cache.hit_rate',
    '%',
    'active_directory_ds_name_cache_hit_rate_percent',
  ),
  gauge(
    'TestOtelReceivers',
    'active_directory.ds.ldap.bind.last_successful.time',
    'ms',
    'active_directory_ds_ldap_bind_last_successful_time_milliseconds',
  ),
  gauge('TestOtelReceivers', 'apache.current_connections', 'connections', 'apache_current_connections'),
  gauge('TestOtelReceivers', 'apache.workers', 'connections', 'apache_workers_connections'),
  counter('TestOtelReceivers', 'apache.requests', '1', 'apache_requests_total'),
  counter(
    'TestOtelReceivers',
    'bigip.virtual_server.request.count',
    '{requests}',
    'bigip_virtual_server_request_count_total',
  ),
  gauge('TestOtelReceivers', 'system.cpu.utilization', '1', 'system_cpu_utilization_ratio'),
  counter('TestOtelReceivers', 'system.disk.operation_time', 's', 'system_disk_operation_time_seconds_total'),
  gauge('TestOtelReceivers', 'system.cpu.load_average.15m', '1', 'system_cpu_load_average_15m_ratio'),
  gauge('TestOtelReceivers', 'memcached.operation_hit_ratio', '%', 'memcached_operation_hit_ratio_percent'),
  gauge(
    'TestOtelReceivers',
    'mongodbatlas.process.asserts',
    '{assertions}/s',
    'mongodbatlas_process_asserts_per_second',
  ),
  gauge(
    'TestOtelReceivers',
    'mongodbatlas.process.journaling.data_files',
    'MiBy',
    'mongodbatlas_process_journaling_data_files_mebibytes',
  ),
  gauge(
    'TestOtelReceivers',
    'mongodbatlas.process.network.io',
    'By/s',
    'mongodbatlas_process_network_io_bytes_per_second',
  ),
  gauge(
    'TestOtelReceivers',
    'mongodbatlas.process.oplog.rate',
    'GiBy/h',
    'mongodbatlas_process_oplog_rate_gibibytes_per_hour',
  ),
  gauge(
    'TestOtelReceivers',
    'mongodbatlas.process.db.query_targeting.scanned_per_returned',
    '{scanned}/{returned}',
    'mongodbatlas_process_db_query_targeting_scanned_per_returned',
  ),
  gauge('TestOtelReceivers', 'nginx.requests', 'requests', 'nginx_requests'),
  gauge('TestOtelReceivers', 'nginx.connections_accepted', 'connections', 'nginx_connections_accepted'),
  gauge('TestOtelReceivers', 'nsxt.node.memory.usage', 'KBy', 'nsxt_node_memory_usage_kilobytes'),
  gauge('TestOtelReceivers', 'redis.latest_fork', 'us', 'redis_latest_fork_microseconds'),
  { ...gauge('TestNamespace', 'test', '', 'space_test', NO_NAMESPACE), namespace: 'space' },
  { ...gauge('TestNamespace', '#test', '', 'space_test', NO_NAMESPACE), namespace: 'space' },
  { ...counter('TestBuildPromCompliantNameWithNormalize', 'system.io', 'By', 'system_io_bytes_total') },
  {
    ...counter(
      'TestBuildPromCompliantNameWithNormalize',
      'network.io',
      'By',
      'system_network_io_bytes_total',
      NO_NAMESPACE,
    ),
    namespace: 'system',
  },
  gauge('TestBuildPromCompliantNameWithNormalize', '3.14 digits', '', '_3_14_digits'),
  gauge(
    'TestBuildPromCompliantNameWithNormalize',
    'envoy__rule_engine_zlib_buf_error',
    '',
    'envoy_rule_engine_zlib_buf_error',
  ),
  gauge('TestBuildPromCompliantNameWithNormalize', ':foo::bar', '', 'foo_bar', COLON),
  counter('TestBuildPromCompliantNameWithNormalize', ':foo::bar', '', 'foo_bar_total', COLON),
  withoutSuffixes('system.io', 'By', 'monotonic_sum', 'system_io'),
  {
    ...withoutSuffixes('network.io', 'By', 'monotonic_sum', 'system_network_io'),
    difference: NO_NAMESPACE,
    namespace: 'system',
  },
  {
    ...withoutSuffixes('network (I/O)', 'By', 'monotonic_sum', 'system_network_I_O'),
    difference: NO_NAMESPACE,
    namespace: 'system',
  },
  withoutSuffixes('3.14 digits', 'By', 'gauge', '_3_14_digits'),
  withoutSuffixes('envoy__rule_engine_zlib_buf_error', '', 'gauge', 'envoy__rule_engine_zlib_buf_error'),
  withoutSuffixes(':foo::bar', '', 'gauge', ':foo::bar'),
  withoutSuffixes(':foo::bar', '', 'monotonic_sum', ':foo::bar'),
];

const label = (
  source: string,
  key: string,
  expected: string | { error: string },
  difference?: string,
): LabelNameCase => ({
  source,
  key,
  strategy: 'UnderscoreEscapingWithSuffixes',
  expected: typeof expected === 'string' ? { name: expected } : expected,
  ...(difference === undefined ? {} : { difference }),
});

const KEY_PREFIX =
  'the `key` prefix for a leading `_` is the deprecated UnderscoreLabelSanitization of prometheus/otlptranslator, off by default there; Prometheus reserves only `__`';
const COLLAPSE = 'the spec says runs of `_` SHOULD become one `_` (prometheus/otlptranslator does so)';
const EMPTY = 'an empty key has no label name: Outrider refuses the point (prometheus/otlptranslator errors too)';

export const contribLabelNames: LabelNameCase[] = [
  label('TestSanitize', '', '', EMPTY),
  label('TestSanitize', '_test', 'key_test', KEY_PREFIX),
  label('TestSanitize', '0test', 'key_0test'),
  label('TestSanitize', 'test', 'test'),
  label('TestSanitize', 'test_/', 'test__', COLLAPSE),
  label('TestSanitize', '__test', '__test', COLLAPSE),
  label('TestSanitizeDropSanitization', '', '', EMPTY),
  label('TestSanitizeDropSanitization', '_test', '_test'),
  label('TestSanitizeDropSanitization', '0test', 'key_0test'),
  label('TestSanitizeDropSanitization', 'test', 'test'),
  label('TestSanitizeDropSanitization', '__test', '__test', COLLAPSE),
];
