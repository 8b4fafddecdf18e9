/**
 * The logger the alerts write to: the `info`/`warn`/`error` methods of a pino logger
 * (`(fields, message)`), so the runner passes its own and a script can pass
 * `pino()` or a small adapter; no logging library is loaded by this package.
 *
 * @example
 * const log: AlertLogger = pino();
 * const console: AlertLogger = {
 *   info: (o, m) => globalThis.console.log(m, o),
 *   warn: (o, m) => globalThis.console.warn(m, o),
 *   error: (o, m) => globalThis.console.error(m, o),
 * };
 */
export interface AlertLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
