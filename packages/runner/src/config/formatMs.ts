/**
 * A duration in ms as the shortest config-style string (`'1500ms'`, `'2s'`, `'1m'`), for
 * messages that suggest a value the user can paste into a config.
 *
 * @example
 * formatMs(1500); // '1500ms'
 * formatMs(4000); // '4s'
 */
export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms)}ms`;
}
