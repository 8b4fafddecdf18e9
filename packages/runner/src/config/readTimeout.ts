import { ConfigError, type Source } from '@expmon/core';
import { formatMs } from './formatMs.js';

/**
 * Share of the interval a read may take by default: the rest is slack before the next tick.
 *
 * @example
 * const defaultTimeoutMs = Math.min(intervalMs * DEFAULT_TIMEOUT_SHARE, MAX_DEFAULT_TIMEOUT_MS);
 */
export const DEFAULT_TIMEOUT_SHARE = 0.8;
/**
 * Longest default read timeout (for long intervals).
 *
 * @example
 * readTimeout(source, undefined, 600_000, file, 'sources[0]') === MAX_DEFAULT_TIMEOUT_MS; // 10 min interval
 */
export const MAX_DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The read timeout of one config entry: the entry's `timeout`, else 80 % of its interval (at
 * most 30 s), so that a hanging device is given up before the next tick and never costs the
 * next cycle. Fails (a {@link ConfigError} naming the config file and the field, with a hint)
 * when an explicit timeout is not below the interval, or when the driver says one read can
 * take longer than the timeout (`maxReadMs`, core's `SourceTiming`): its own timeout error
 * would then never be seen, every read would end as a bare runner timeout. With `--interval`
 * (`overridden`), an explicit timeout is shortened to fit the new interval.
 *
 * @example
 * readTimeout(ups, undefined, 5000, '/etc/expmon/lab.config.ts', 'sources[2]'); // 4000
 */
export function readTimeout(
  source: Source,
  explicitMs: number | undefined,
  intervalMs: number,
  file: string,
  field: string,
  overridden = false,
): number {
  const defaultMs = Math.min(Math.round(intervalMs * DEFAULT_TIMEOUT_SHARE), MAX_DEFAULT_TIMEOUT_MS);
  let timeoutMs = explicitMs ?? defaultMs;
  if (explicitMs !== undefined && explicitMs >= intervalMs) {
    if (overridden) timeoutMs = defaultMs;
    else {
      throw new ConfigError(
        `${formatMs(explicitMs)} is not below the source's interval (${formatMs(intervalMs)}): a hanging device would also cost the next cycle. ` +
          `Use a timeout below the interval (the default is ${Math.round(DEFAULT_TIMEOUT_SHARE * 100)} % of it, ${formatMs(defaultMs)}) or a longer interval`,
        { file, field: `${field}.timeout` },
      );
    }
  }
  const maxReadMs = source.kind === 'polled' ? source.maxReadMs : undefined;
  if (maxReadMs !== undefined && maxReadMs > timeoutMs) {
    const what = explicitMs === undefined ? `the default read timeout (${formatMs(timeoutMs)}, ${Math.round(DEFAULT_TIMEOUT_SHARE * 100)} % of the interval ${formatMs(intervalMs)})` : `the read timeout (${formatMs(timeoutMs)})`;
    const fits = Math.ceil(maxReadMs / DEFAULT_TIMEOUT_SHARE / 1000) * 1000;
    throw new ConfigError(
      `sensor ${source.name} (device ${source.device}) can take up to ${formatMs(maxReadMs)} per read with its driver's own timeouts and retries, ` +
        `longer than ${what}: its own error would never be reported. ` +
        `Hint: set ${field}.timeout to at least ${formatMs(maxReadMs)} with an interval above it (e.g. interval '${formatMs(fits)}'), or lower the driver's timeout or retries`,
      { file, field: explicitMs === undefined ? `${field}.interval` : `${field}.timeout` },
    );
  }
  return timeoutMs;
}
