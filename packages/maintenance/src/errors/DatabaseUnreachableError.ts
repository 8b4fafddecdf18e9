import { ExpmonError } from '@expmon/core';

/**
 * The database a maintenance command talks to did not answer (connection refused, timeout).
 * The message names the database and what was wrong.
 *
 * @example
 * throw new DatabaseUnreachableError('InfluxDB 1.x http://127.0.0.1:8086 db=lab', 'ECONNREFUSED');
 * // device InfluxDB 1.x http://127.0.0.1:8086 db=lab: cannot reach the database: ECONNREFUSED
 */
export class DatabaseUnreachableError extends ExpmonError {
  protected static override readonly marker: string = 'DatabaseUnreachableError';
  override readonly name: string = 'DatabaseUnreachableError';
  static override isInstance(error: unknown): error is DatabaseUnreachableError {
    return super.isInstance(error);
  }
  constructor(database: string, reason: string, cause?: unknown) {
    super(`cannot reach the database: ${reason}`, { device: database, retriable: true, cause });
  }
}
