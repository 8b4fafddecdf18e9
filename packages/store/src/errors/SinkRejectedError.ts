import { ExpmonError } from '@expmon/core';

/**
 * The database refused the data itself (HTTP 400/422: a field type conflict, a malformed
 * line). Sending the same lines again will fail again; the runner splits the batch to
 * find the bad lines and moves them to the dead-letter file.
 */
export class SinkRejectedError extends ExpmonError {
  protected static override readonly marker: string = 'SinkRejectedError';
  override readonly name: string = 'SinkRejectedError';
  readonly status: number;
  static override isInstance(error: unknown): error is SinkRejectedError {
    return super.isInstance(error);
  }
  constructor(message: string, status: number, sink: string) {
    super(message, { device: sink, retriable: false });
    this.status = status;
  }
}
