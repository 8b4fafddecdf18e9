import { z } from 'zod';
import { parseDuration, type Duration } from '@expmon/core';

/**
 * zod schema of a {@link Duration} in an alerts config: a string with its unit (`'5s'`,
 * `'200ms'`, `'1m'`), as in the rest of a config. A bare number is refused with a hint
 * (`for: 5` is ambiguous: 5 s or 5 ms?).
 *
 * @example
 * durationSchema.safeParse('5m').success; // true
 * durationSchema.safeParse(5).success;    // false
 */
export const durationSchema = z.custom<Duration>((v) => typeof v === 'string' && parseDuration(v) !== undefined, {
  error: (issue) =>
    typeof issue.input === 'number'
      ? `must be a duration with its unit: '${issue.input}s' for ${issue.input} seconds, '${issue.input}ms' for ${issue.input} milliseconds (a bare number is not accepted)`
      : "must be a duration such as '5s', '200ms' or '1m'",
});
