import type { LabelNameCase } from './cases.js';

/**
 * The label cases of prometheus/otlptranslator's `label_namer_test.go` (`labelTestCases`, at commit
 * 51da77392288), as data: TestBuildLabel with the default LabelNamer (escaping, `_` runs collapsed,
 * no `key` prefix for a leading `_`) and TestBuildLabel_UTF8Allowed (names kept).
 */
const escaped = (key: string, name: string): LabelNameCase => ({
  source: `TestBuildLabel ${JSON.stringify(key)}`,
  key,
  strategy: 'UnderscoreEscapingWithSuffixes',
  expected: { name },
});
const escapedError = (key: string, error: string): LabelNameCase => ({
  source: `TestBuildLabel ${JSON.stringify(key)}`,
  key,
  strategy: 'UnderscoreEscapingWithSuffixes',
  expected: { error },
});
const kept = (key: string, error?: string): LabelNameCase => ({
  source: `TestBuildLabel_UTF8Allowed ${JSON.stringify(key)}`,
  key,
  strategy: 'NoUTF8EscapingWithSuffixes',
  expected: error === undefined ? { name: key } : { error },
});

const KEYS = [
  'label:with:colons',
  'LabelWithCapitalLetters',
  'label!with&special$chars)',
  'label_with_foreign_characters_字符',
  'label.with.dots',
  '.foo',
  '123label',
  '_label_starting_with_underscore',
  '__label_starting_with_2underscores',
  'ようこそ',
  'label__with__double__underscores',
  'label.name__with&&special##chars',
  '__reserved__label__name__',
  'trailing_underscores___',
];

export const otlptranslatorLabelNames: LabelNameCase[] = [
  escaped('label:with:colons', 'label_with_colons'),
  escaped('LabelWithCapitalLetters', 'LabelWithCapitalLetters'),
  escaped('label!with&special$chars)', 'label_with_special_chars_'),
  escaped('label_with_foreign_characters_字符', 'label_with_foreign_characters_'),
  escaped('label.with.dots', 'label_with_dots'),
  escaped('.foo', '_foo'),
  escaped('123label', 'key_123label'),
  escaped('_label_starting_with_underscore', '_label_starting_with_underscore'),
  escaped('__label_starting_with_2underscores', '_label_starting_with_2underscores'),
  escapedError('ようこそ', 'normalization for label name "ようこそ" resulted in invalid name "_"'),
  escaped('label__with__double__underscores', 'label_with_double_underscores'),
  escaped('label.name__with&&special##chars', 'label_name_with_special_chars'),
  escaped('__reserved__label__name__', '__reserved_label_name__'),
  escaped('trailing_underscores___', 'trailing_underscores_'),
  escapedError('', 'label name is empty'),
  escapedError('__', 'normalization for label name "__" resulted in invalid name "_"'),
  ...KEYS.map((key) => kept(key)),
  kept('', 'label name is empty'),
  kept('__', 'label name "__" contains only underscores'),
];
