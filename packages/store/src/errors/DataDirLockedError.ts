import { ExpmonError } from '@expmon/core';

/**
 * Another running process holds the data dir's lock: two processes must not share one
 * local log. Names the PID and since when it holds the lock.
 *
 * @example
 * try { await DataDirLock.acquire(dir); } catch (e) { if (DataDirLockedError.isInstance(e)) console.error(e.message); }
 */
export class DataDirLockedError extends ExpmonError {
  protected static override readonly marker: string = 'DataDirLockedError';
  override readonly name: string = 'DataDirLockedError';
  readonly pid: number;
  readonly dir: string;
  static override isInstance(error: unknown): error is DataDirLockedError {
    return super.isInstance(error);
  }
  constructor(dir: string, pid: number, since: string) {
    super(
      `data dir ${dir} is in use by process ${pid} (since ${since}); stop it first, or give this one another --data-dir`,
      { device: dir, retriable: false },
    );
    this.pid = pid;
    this.dir = dir;
  }
}
