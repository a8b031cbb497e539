import type { OtelMetricType } from '../../src/prometheus-naming.js';
import type { TranslationStrategy } from '../../src/translation-strategy.js';

/** What the reference gives: a name, or the text of its error (Outrider refuses the metric). */
export type Expected = { name: string } | { error: string };

export interface MetricNameCase {
  /** Where the case comes from: the reference test's name. */
  source: string;
  name: string;
  unit: string;
  type: OtelMetricType;
  strategy: TranslationStrategy;
  expected: Expected;
  /** The unit word (`# UNIT`), for strategies with suffixes. */
  unitWord?: string;
  /** The reference's namespace, which Outrider has no setting for. */
  namespace?: string;
  note?: string;
  /** Why Outrider deliberately differs; the plugin README lists the case. */
  difference?: string;
}

export interface LabelNameCase {
  source: string;
  key: string;
  strategy: TranslationStrategy;
  expected: Expected;
  difference?: string;
}
