import { DeviceError } from '@expmon/source-kit';

/** Where and what of an SNMP failure. */
export interface SnmpErrorDetails {
  /** Agent host name or address. */
  host: string;
  /** Agent UDP port. */
  port: number;
  /** The OID concerned, when the failure is about one object. */
  oid?: string;
  /** The SNMP error as the protocol names it: `noSuchObject`, `noSuchName`, `wrongDigests`, … */
  snmpError: string;
  /** Source name, for the message. */
  sensor?: string;
  /** Device description, for the message; default `snmp HOST:PORT`. */
  device?: string;
  /** Whether trying again may succeed; default true. */
  retriable?: boolean;
  /** The net-snmp error. */
  cause?: unknown;
}

/**
 * An SNMP request failed: the agent answered with an error status, an object is missing
 * (`noSuchObject`, `noSuchInstance`, v1 `noSuchName`) or the answer could not be used.
 * Names the host, the OID (when one is concerned) and the SNMP error.
 *
 * @example
 * try { await ups.read(); } catch (e) {
 *   if (SnmpError.isInstance(e)) console.error(e.host, e.oid, e.snmpError);
 * }
 */
export class SnmpError extends DeviceError {
  protected static override readonly marker: string = 'SnmpError';
  override readonly name: string = 'SnmpError';
  readonly host: string;
  readonly port: number;
  readonly oid: string | undefined;
  readonly snmpError: string;
  static override isInstance(error: unknown): error is SnmpError {
    return super.isInstance(error);
  }
  constructor(message: string, details: SnmpErrorDetails) {
    super(`SNMP ${details.snmpError}: ${message}`, {
      sensor: details.sensor,
      device: details.device ?? `snmp ${details.host}:${details.port}`,
      address: details.oid,
      retriable: details.retriable ?? true,
      cause: details.cause,
    });
    this.host = details.host;
    this.port = details.port;
    this.oid = details.oid;
    this.snmpError = details.snmpError;
  }
}
