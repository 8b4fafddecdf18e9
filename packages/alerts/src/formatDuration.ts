/**
 * A short human form of a duration in milliseconds, for alert messages.
 *
 * @example
 * formatDuration(90_000);     // '1m 30s'
 * formatDuration(7_200_000);  // '2h'
 * formatDuration(250);        // '250ms'
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let s = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}
