import { DeviceTimeoutError } from '@expmon/source-kit';

/**
 * The SNMP agent did not answer within the timeout (after all retries). Always retriable.
 * Also what a v1/v2c agent does with a wrong community: it stays silent, so for v1/v2c
 * the message says to check the community (`hint`).
 *
 * @example
 * if (SnmpTimeoutError.isInstance(e)) console.error(`${e.host}:${e.port} silent for ${e.timeoutMs} ms`);
 */
export class SnmpTimeoutError extends DeviceTimeoutError {
  protected static override readonly marker: string = 'SnmpTimeoutError';
  override readonly name: string = 'SnmpTimeoutError';
  readonly host: string;
  readonly port: number;
  /** The OIDs of the request that went unanswered. */
  readonly oids: readonly string[];
  readonly snmpError: string = 'timeout';
  /** What to check, when the driver can say (v1/v2c: the community). */
  readonly hint: string | undefined;
  static override isInstance(error: unknown): error is SnmpTimeoutError {
    return super.isInstance(error);
  }
  /**
   * @param timeoutMs - the timeout of one attempt
   * @param details.attempts - 1 + retries
   * @param details.hint - appended to the message (`check the community`)
   */
  constructor(
    timeoutMs: number,
    details: {
      host: string;
      port: number;
      oids: readonly string[];
      attempts: number;
      sensor?: string;
      device?: string;
      cause?: unknown;
      hint?: string;
    },
  ) {
    super(
      timeoutMs * details.attempts,
      {
        sensor: details.sensor,
        device: details.device ?? `snmp ${details.host}:${details.port}`,
        address: details.oids.length === 1 ? details.oids[0] : `${details.oids.length} OIDs from ${details.oids[0] ?? '?'}`,
        cause: details.cause,
      },
      `SNMP timeout: no answer to GET (${details.attempts} × ${timeoutMs} ms)`,
    );
    if (details.hint) this.message = `${this.message}: ${details.hint}`;
    this.host = details.host;
    this.port = details.port;
    this.oids = details.oids;
    this.hint = details.hint;
  }
}
