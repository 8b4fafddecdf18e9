/**
 * Nanosecond timestamps (epoch, UTC) as `bigint`: InfluxDB keeps nanoseconds, which a
 * JavaScript number cannot hold exactly past 2^53 (≈ 104 days after 1970 in ns).
 */
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/**
 * Parses an RFC 3339 time with up to nanosecond digits (as InfluxDB returns it) into epoch ns;
 * undefined if it is not one.
 *
 * @example
 * parseRfc3339Nano('1970-01-01T00:00:02.000000123Z'); // 2000000123n
 */
export function parseRfc3339Nano(text: string): bigint | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (!Number.isFinite(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/**
 * Formats epoch ns as RFC 3339 in UTC: milliseconds always, more digits only when present.
 *
 * @example
 * formatNanoTime(1764288000123000000n); // '2025-11-28T00:00:00.123Z'
 * formatNanoTime(2000000123n);          // '1970-01-01T00:00:02.000000123Z'
 */
export function formatNanoTime(ns: bigint): string {
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  const sub = ns - ms * 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  return `${iso.slice(0, -1)}${sub.toString().padStart(6, '0').replace(/0+$/, '')}Z`;
}
