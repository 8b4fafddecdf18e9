import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type { PrettyOptions, PrettyStream } from 'pino-pretty';

/** Field names whose values are never logged. */
const REDACT = ['token', 'password', 'secret', 'authorization', '*.token', '*.password', '*.secret', '*.authorization'];

/**
 * The runner's structured logger (pino): JSON lines on stderr when not on a TTY (journald,
 * files, log shippers), readable colored lines on a TTY. Secrets are redacted by field name.
 */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level: options.level ?? 'info', base: undefined, redact: { paths: REDACT, censor: '[secret]' } };
  if (usePretty) {
    // Loaded only on a TTY: a service never pays for it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: PrettyOptions) => PrettyStream;
    return pino(base, pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));
}
