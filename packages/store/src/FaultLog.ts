/** The logger the store writes to: pino's shape (`log.warn({ ...fields }, 'message')`). */
export interface StoreLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Logs a repeated fault (the disk is full, a file can't be written) once when it starts,
 * then at most once a minute with how many times it happened meanwhile, and once more
 * when it is over: a fault that lasts an hour writes about 60 lines, not a million.
 *
 * @example
 * const faults = new FaultLog(log, { queue: dir });
 * try { await fh.datasync(); faults.ok('append'); } catch (e) { faults.failed('append', e); }
 */
export class FaultLog {
  private readonly active = new Map<string, { since: number; lastLog: number; count: number; unlogged: number }>();

  constructor(
    private readonly log: StoreLogger,
    private readonly context: object,
    private readonly periodMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failure of `op`; logs it when it is new or the last line is a minute old. */
  failed(op: string, error: unknown, fields: object = {}): void {
    const now = this.now();
    const err = describeError(error);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const a = this.active.get(op);
    if (!a) {
      this.active.set(op, { since: now, lastLog: now, count: 1, unlogged: 0 });
      this.log.error({ ...this.context, op, code, err, ...fields }, `local log: ${op} failed; retrying`);
      return;
    }
    a.count++;
    a.unlogged++;
    if (now - a.lastLog >= this.periodMs) {
      this.log.error(
        { ...this.context, op, code, err, failures: a.count, sinceLastLine: a.unlogged, forSeconds: Math.round((now - a.since) / 1000), ...fields },
        `local log: ${op} still failing; retrying`,
      );
      a.lastLog = now;
      a.unlogged = 0;
    }
  }

  /** Records a success of `op`; logs "recovered" once if it had failed. */
  ok(op: string): void {
    const a = this.active.get(op);
    if (!a) return;
    this.active.delete(op);
    this.log.info(
      { ...this.context, op, failures: a.count, forSeconds: Math.round((this.now() - a.since) / 1000) },
      `local log: ${op} works again`,
    );
  }

  /** Whether `op` is failing now. */
  isFailing(op: string): boolean {
    return this.active.has(op);
  }
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
