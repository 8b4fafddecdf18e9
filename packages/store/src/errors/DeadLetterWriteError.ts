import { ExpmonError } from '@expmon/core';

/**
 * Lines the database refused could not be written to the dead-letter file (disk full, no
 * permission, the folder is a file). They are not lost: their batch stays in the local log
 * and is tried again; the fault is logged once, then at most once a minute.
 *
 * @example
 * if (DeadLetterWriteError.isInstance(e)) console.log(e.file, e.refused);
 */
export class DeadLetterWriteError extends ExpmonError {
  protected static override readonly marker: string = 'DeadLetterWriteError';
  override readonly name: string = 'DeadLetterWriteError';
  static override isInstance(error: unknown): error is DeadLetterWriteError {
    return super.isInstance(error);
  }
  constructor(
    /** The dead-letter file. */
    readonly file: string,
    /** Refused readings that could not be written there. */
    readonly refused: number,
    sink: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`dead-letter file ${file} can't be written${code ? ` (${code})` : ''}: ${refused} readings the database refused stay in the local log and are tried again`, {
      device: sink,
      cause,
      retriable: true,
    });
  }
}
