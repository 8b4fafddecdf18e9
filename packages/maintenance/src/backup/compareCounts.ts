/**
 * The differences between the counts in a manifest and those of a restored copy, one line
 * each; empty when they match.
 *
 * @example
 * compareCounts({ lab_temp: 120 }, { lab_temp: 80 });
 * // ['lab_temp: 120 points at backup time, 80 restored']
 */
export function compareCounts(expected: Record<string, number>, restored: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [m, n] of Object.entries(expected)) {
    const got = restored[m] ?? 0;
    if (got !== n) problems.push(`${m}: ${n} points at backup time, ${got} restored`);
  }
  for (const [m, n] of Object.entries(restored)) {
    if (!(m in expected)) problems.push(`${m}: not in the manifest, ${n} restored`);
  }
  return problems;
}
