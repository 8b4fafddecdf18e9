/**
 * Where readings go after the durable local log. A sink takes a batch of line protocol and
 * resolves only when the database has acknowledged all of it. It rejects with
 * {@link SinkRejectedError} when the data is refused (never retried as is) and with
 * {@link SinkUnavailableError} when the database can't take it now (retried).
 *
 * @example
 * const sink: Sink = {
 *   id: 'stdout', description: 'stdout', destination: 'stdout',
 *   async write(lines) { process.stdout.write(lines.join('\n') + '\n'); },
 *   async close() {},
 * };
 */
export interface Sink {
  /** Short kind, safe in a folder name (`influx-v2`, `influx-v1`, `file`). */
  readonly id: string;
  /** Human description for logs, without secrets (`influx-v1 http://127.0.0.1:8086 db=lab`). */
  readonly description: string;
  /**
   * What identifies where the readings end up, without secrets (URL + db/rp, URL + org +
   * bucket, a folder): the local log of a sink is keyed by it, so readings written for one
   * destination never ship to another. Default: `description`.
   */
  readonly destination?: string;
  write(lines: readonly string[]): Promise<void>;
  /** Writes LF-separated line protocol as stored (no re-parsing); optional, `write` is used otherwise. */
  writePayload?(payload: Buffer, count: number): Promise<void>;
  /** A cheap check that the database answers (`/ping`); used while writes fail, to resume at once. */
  probe?(): Promise<boolean>;
  /** Removes this sink's secrets from a text (an error body, a reason). */
  redact?(text: string): string;
  close(): Promise<void>;
}
