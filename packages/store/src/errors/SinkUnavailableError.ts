import { ExpmonError } from '@expmon/core';

/**
 * The database could not take the data now (connection refused, timeout, 5xx, 401/403).
 * Nothing is lost: the readings stay in the local log and are retried with backoff.
 */
export class SinkUnavailableError extends ExpmonError {
  protected static override readonly marker: string = 'SinkUnavailableError';
  override readonly name: string = 'SinkUnavailableError';
  readonly status: number | undefined;
  static override isInstance(error: unknown): error is SinkUnavailableError {
    return super.isInstance(error);
  }
  constructor(message: string, sink: string, status?: number, cause?: unknown) {
    super(message, { device: sink, retriable: true, cause });
    this.status = status;
  }
}
