const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in a config: a string with its unit, such as `200ms`, `5s`, `1.5m`, `2h`.
 * A bare number is refused in configs (`interval: 5` would be ambiguous).
 *
 * @example
 * const interval: Duration = '5s';
 */
export type Duration = `${number}${'ms' | 's' | 'm' | 'min' | 'h' | 'd'}`;

/**
 * Milliseconds of a {@link Duration}, or undefined if it is not one. A positive finite
 * number is taken as milliseconds (for code; configs must write the unit).
 *
 * @example
 * parseDuration('200ms'); // 200
 * parseDuration('5s');    // 5000
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)\s*$/.exec(value);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  return ms > 0 ? ms : undefined;
}
