import { z } from 'zod';
import { parseDuration, type Duration } from '@expmon/core';

/**
 * zod schema of a {@link Duration} in a config: a string with its unit (`'5s'`, `'200ms'`,
 * `'1m'`). A bare number is refused with a hint: `interval: 5` is ambiguous (5 s or 5 ms?) and
 * used to mean 5 ms silently.
 *
 * @example
 * durationSchema.safeParse(5).error?.issues[0]?.message;
 * // "must be a duration with its unit: '5s' for 5 seconds, '5ms' for 5 milliseconds (a bare number is not accepted)"
 */
export const durationSchema = z.custom<Duration>((v) => typeof v === 'string' && parseDuration(v) !== undefined, {
  error: (issue) =>
    typeof issue.input === 'number'
      ? `must be a duration with its unit: '${issue.input}s' for ${issue.input} seconds, '${issue.input}ms' for ${issue.input} milliseconds (a bare number is not accepted)`
      : "must be a duration such as '5s', '200ms' or '1m'",
});
