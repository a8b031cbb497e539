/**
 * The UCUM unit of a Prometheus metric, read from its name's unit suffix, so that the OTel →
 * Prometheus translation on the other side (unit suffix added unless the name ends with it,
 * `_total` on counters) gives back the very same name: `outrider_cache_lookup_seconds` travels as
 * unit `s` and comes out as `outrider_cache_lookup_seconds`, not `..._seconds_seconds` or a name
 * without its unit.
 */
const UNIT_OF_SUFFIX: Readonly<Record<string, string>> = {
  seconds: 's',
  bytes: 'By',
  ratio: '1',
};

export function unitOfMetricName(name: string, type: string): string {
  const stem = type === 'counter' && name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
  const unit = UNIT_OF_SUFFIX[stem.slice(stem.lastIndexOf('_') + 1)];
  // `1` names a ratio only on gauges; elsewhere it is dimensionless and adds no suffix.
  if (unit === '1' && type !== 'gauge') return '';
  return unit ?? '';
}
