/**
 * min / median / max of a list of numbers, as benchmarks report them.
 *
 * @example
 * summary([3, 1, 2]); // { min: 1, median: 2, max: 3, n: 3 }
 */
export function summary(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { min: v[0], median, max: v[v.length - 1], n: v.length };
}

/** `a / b / c` with `digits` decimals, for a Markdown table. */
export function formatSummary(s, digits = 1) {
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
}
