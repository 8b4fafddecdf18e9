/**
 * Where readings go after the durable local log. A sink takes a batch of line-protocol
 * lines and resolves only when the database has acknowledged all of them.
 * It rejects with {@link SinkRejectedError} when the data is refused (never retried as is)
 * and with {@link SinkUnavailableError} when the database can't take it now (retried).
 */
export interface Sink {
  /** Short id, safe as a folder name (`influx-v2`, `influx-v1`, `file`). */
  readonly id: string;
  /** Human description for logs, without secrets (`influx-v1 http://127.0.0.1:8086 db=lab`). */
  readonly description: string;
  write(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
