export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return `${date.toLocaleDateString('en-CA')} ${date.toLocaleTimeString('en-GB', { hour12: false })}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3600)}h`;
}

export function milliseconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

const BYTES = ['B', 'KiB', 'MiB', 'GiB'];

/** A value in a chart's unit, short enough for an axis tick. */
export function inUnit(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'bytes': {
      let i = 0;
      let v = value;
      while (Math.abs(v) >= 1024 && i < BYTES.length - 1) {
        v /= 1024;
        i++;
      }
      return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${BYTES[i]}`;
    }
    case 'seconds':
      return milliseconds(value * 1000);
    case 'per_second':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(0)}/s`;
    case 'cores':
      return `${(value * 100).toFixed(1)}%`;
    case 'ratio':
      return value.toFixed(2);
    default:
      return value < 10 ? value.toFixed(1) : value.toFixed(0);
  }
}
