import { ExpmonError, type ErrorContext } from '@expmon/core';
import type { PhidgetLogLevel } from '../phidgetLog.js';

/**
 * A line phidget22 logged itself (`Error connecting`, `KeepAlive timeout`), reported on a
 * source's `problems` instead of being printed to stderr with its stack trace. The
 * library's error is the `cause`.
 *
 * @example
 * new PhidgetLibraryError('error', 'Error connecting', { sensor: 'tc1', device: 'phidget phid://127.0.0.1:5661', cause: err });
 */
export class PhidgetLibraryError extends ExpmonError {
  protected static override readonly marker: string = 'PhidgetLibraryError';
  override readonly name: string = 'PhidgetLibraryError';
  /** phidget22's level for the line. */
  readonly level: PhidgetLogLevel;
  static override isInstance(error: unknown): error is PhidgetLibraryError {
    return super.isInstance(error);
  }
  constructor(level: PhidgetLogLevel, message: string, context: ErrorContext = {}) {
    const detail = context.cause instanceof Error ? `: ${context.cause.message}` : '';
    super(`phidget22 ${level}: ${message}${detail}`, { retriable: true, ...context });
    this.level = level;
  }
}
