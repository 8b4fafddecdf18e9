import { z } from 'zod';
import { parseDuration } from '@expmon/core';

/**
 * zod schema of a {@link Duration} in a config (`'5s'`, `'200ms'` or milliseconds).
 *
 * @example
 * durationSchema.safeParse('5s').success; // true
 */
export const durationSchema = z.custom<number | string>((v) => parseDuration(v) !== undefined, {
  message: "must be a duration such as '5s', '200ms', '1m' or a positive number of milliseconds",
});
