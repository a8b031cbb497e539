import { counter } from '@outrider/metrics';
import pino from 'pino';
import type { Registry } from 'prom-client';

/**
 * Wraps a destination so every line is counted by level in `outrider_log_lines_total`. pino hands
 * streams that ask for it the level of the line being written (`lastLevel`).
 */
export function countingStream(
  stream: pino.DestinationStream,
  registry: Registry,
  logger: string,
): pino.DestinationStream {
  const lines = counter(registry, {
    name: 'outrider_log_lines_total',
    help: 'Log lines written, by logger name and level.',
    labelNames: ['logger', 'level'],
  });
  const byLevel = new Map(
    Object.entries(pino.levels.values).map(([label, value]) => [value, lines.labels({ logger, level: label })]),
  );
  return {
    [pino.symbols.needsMetadataGsym]: true,
    lastLevel: 0,
    write(line: string) {
      byLevel.get(this.lastLevel)?.inc();
      stream.write(line);
    },
  } as pino.DestinationStream & { lastLevel: number };
}
