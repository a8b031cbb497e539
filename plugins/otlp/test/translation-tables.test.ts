import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusLabelName, prometheusMetricName, prometheusUnit } from '../src/prometheus-naming.js';
import type { Expected, LabelNameCase, MetricNameCase } from './tables/cases.js';
import { contribLabelNames, contribMetricNames } from './tables/collector-contrib.js';
import { otlptranslatorLabelNames } from './tables/otlptranslator-label-namer.js';
import { otlptranslatorMetricNames } from './tables/otlptranslator-metric-namer.js';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

function asExpected(result: { ok: true; name: string } | { ok: false; error: string }): Expected {
  return result.ok ? { name: result.name } : { error: result.error };
}

/** A deliberate difference is listed in the README's table of differences, by source and input. */
function listedInReadme(source: string, input: string): void {
  const rows = readme.split('\n').filter((line) => line.startsWith('|') && line.includes(source));
  expect(
    rows.some((row) => row.includes(`\`${input}\``)),
    `README lists ${source} ${JSON.stringify(input)}`,
  ).toBe(true);
}

function metricCases(table: string, cases: MetricNameCase[]): void {
  describe(table, () => {
    it.each(cases.filter((c) => c.difference === undefined))('$source: $name [$unit] $type, $strategy', (c) => {
      expect(asExpected(prometheusMetricName(c.name, c.unit, c.type, c.strategy))).toEqual(c.expected);
      if (c.unitWord !== undefined) expect(prometheusUnit(c.unit, c.strategy)).toBe(c.unitWord);
    });
    const differences = cases.filter((c) => c.difference !== undefined);
    if (differences.length === 0) return;
    it.each(differences)('$source: $name [$unit] is a listed difference', (c) => {
      listedInReadme(c.source, c.name);
      if (c.unitWord !== undefined) expect(prometheusUnit(c.unit, c.strategy)).toBe(c.unitWord);
    });
  });
}

function labelCases(table: string, cases: LabelNameCase[]): void {
  describe(table, () => {
    it.each(cases.filter((c) => c.difference === undefined))('$source, $strategy', (c) => {
      expect(asExpected(prometheusLabelName(c.key, c.strategy))).toEqual(c.expected);
    });
    const differences = cases.filter((c) => c.difference !== undefined);
    if (differences.length === 0) return;
    it.each(differences)('$source: $key is a listed difference', (c) => {
      listedInReadme(c.source, c.key);
    });
  });
}

metricCases('prometheus/otlptranslator metric namer', otlptranslatorMetricNames);
labelCases('prometheus/otlptranslator label namer', otlptranslatorLabelNames);
metricCases('Collector contrib normalize_name', contribMetricNames);
labelCases('Collector contrib normalize_label', contribLabelNames);
