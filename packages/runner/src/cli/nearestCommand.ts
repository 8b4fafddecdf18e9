/**
 * The command name closest to a mistyped word (`chek` → `check`), or undefined when none is
 * close enough to be a likely typo (edit distance at most a third of the word, at least 1).
 *
 * @example
 * nearestCommand('chek', ['run', 'check', 'flush']); // 'check'
 * nearestCommand('frobnicate', ['run', 'check']);    // undefined
 */
export function nearestCommand(word: string, commands: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of commands) {
    const d = name.startsWith(w) && w.length >= 2 ? 1 : editDistance(w, name.toLowerCase());
    if (d <= limit && (!best || d < best.distance)) best = { name, distance: d };
  }
  return best?.name;
}

/** Damerau–Levenshtein distance (optimal string alignment): a swapped pair counts as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
