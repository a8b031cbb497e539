/**
 * How OTel metric and attribute names become Prometheus names: the four strategies of Prometheus's
 * own OTLP receiver (`otlp.translation_strategy`), with the same spelling.
 * - `UnderscoreEscapingWithSuffixes` (default): characters outside `[a-zA-Z0-9_:]` become `_`,
 *   unit and type suffixes are added.
 * - `UnderscoreEscapingWithoutSuffixes`: the same escaping, no suffixes.
 * - `NoUTF8EscapingWithSuffixes`: names are kept as they are (UTF-8) with suffixes; a scraper that
 *   does not negotiate UTF-8 names gets them escaped when `/metrics` is rendered.
 * - `NoTranslation`: names kept as they are, no suffixes.
 */
export const TRANSLATION_STRATEGIES = [
  'UnderscoreEscapingWithSuffixes',
  'UnderscoreEscapingWithoutSuffixes',
  'NoUTF8EscapingWithSuffixes',
  'NoTranslation',
] as const;

export type TranslationStrategy = (typeof TRANSLATION_STRATEGIES)[number];

export function escapesNames(strategy: TranslationStrategy): boolean {
  return strategy === 'UnderscoreEscapingWithSuffixes' || strategy === 'UnderscoreEscapingWithoutSuffixes';
}

export function addsSuffixes(strategy: TranslationStrategy): boolean {
  return strategy === 'UnderscoreEscapingWithSuffixes' || strategy === 'NoUTF8EscapingWithSuffixes';
}
