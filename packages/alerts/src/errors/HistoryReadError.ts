import { ExpmonError, type ErrorContext } from '@expmon/core';

/**
 * The recent readings could not be read back from the database (for the alert window):
 * unreachable, refused, or an API the database does not offer (`status` 404). The device is
 * the database's description (URL without credentials).
 *
 * @example
 * throw new HistoryReadError('HTTP 404 from /api/v1/export', { device: 'v2 API http://127.0.0.1:8086 bucket=lab', status: 404 });
 */
export class HistoryReadError extends ExpmonError {
  protected static override readonly marker: string = 'HistoryReadError';
  override readonly name: string = 'HistoryReadError';
  /** HTTP status of the answer, if there was one. */
  readonly status: number | undefined;
  static override isInstance(error: unknown): error is HistoryReadError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext & { status?: number } = {}) {
    super(message, { retriable: context.status === undefined || context.status >= 500, ...context });
    this.status = context.status;
  }
}
