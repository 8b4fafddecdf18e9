import { SnmpError, type SnmpErrorDetails } from './SnmpError.js';

/**
 * The agent refused the SNMPv3 credentials (unknown user, wrong authentication key or
 * protocol, unsupported security level, decryption failure). Not retriable: fix the
 * user, keys or protocols. `snmpError` is the USM report (`unknownUserNames`,
 * `wrongDigests`, `unsupportedSecLevels`, `decryptionErrors`, …). Keys never appear in the message.
 *
 * @example
 * if (SnmpAuthenticationError.isInstance(e)) console.error(`check the v3 user on ${e.host}: ${e.snmpError}`);
 */
export class SnmpAuthenticationError extends SnmpError {
  protected static override readonly marker: string = 'SnmpAuthenticationError';
  override readonly name: string = 'SnmpAuthenticationError';
  static override isInstance(error: unknown): error is SnmpAuthenticationError {
    return super.isInstance(error);
  }
  constructor(message: string, details: SnmpErrorDetails) {
    super(message, { retriable: false, ...details });
  }
}
