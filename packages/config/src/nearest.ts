/** Edit distance between two words (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/**
 * The candidate closest to `word`, ignoring case, when it is close enough to be a likely typo:
 * within a third of the word's length (at least 2 edits).
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const score = editDistance(word.toLowerCase(), name.toLowerCase());
    if (best === undefined || score < best.score) best = { name, score };
  }
  if (best === undefined) return undefined;
  return best.score <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}
