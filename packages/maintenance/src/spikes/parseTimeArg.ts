import { ConfigError } from '@expmon/core';
import { parseRfc3339Nano } from './nanoTime.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `--since`/`--until` argument as epoch ns: an RFC 3339 time with a zone
 * (`2025-11-28T14:00:00Z`, `2025-11-28T15:00:00+01:00`) or a duration back from `now`
 * (`90s`, `2h`, `7d`). Throws a {@link ConfigError} naming the option otherwise.
 *
 * @example
 * parseTimeArg('2h', '--since', Date.now()); // now − 2 h, in ns
 * parseTimeArg('2025-11-28T14:00:00Z', '--since'); // 1764338400000000000n
 */
export function parseTimeArg(value: string, option: string, nowMs: number = Date.now()): bigint {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)\s*$/.exec(value);
  const ms = m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
  if (ms !== undefined && ms > 0) return BigInt(Math.round(nowMs - ms)) * 1_000_000n;
  const ns = parseRfc3339Nano(value);
  if (ns !== undefined) return ns;
  throw new ConfigError(
    `${option} ${value} is neither an RFC 3339 time with a zone (2025-11-28T14:00:00Z) nor a duration back from now (2h, 7d)`,
    { field: option },
  );
}
