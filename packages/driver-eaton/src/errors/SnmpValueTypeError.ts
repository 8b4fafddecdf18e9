import { SnmpError, type SnmpErrorDetails } from './SnmpError.js';

/**
 * The agent answered an object with a value of the wrong type (a string where the MIB
 * says INTEGER, for example). The value is never turned into a number.
 *
 * @example
 * new SnmpValueTypeError('Integer', 'OctetString', {
 *   host: '10.0.0.3', port: 161, oid: '1.3.6.1.2.1.33.1.2.4.0', snmpError: 'wrongType',
 * });
 */
export class SnmpValueTypeError extends SnmpError {
  protected static override readonly marker: string = 'SnmpValueTypeError';
  override readonly name: string = 'SnmpValueTypeError';
  /** Type the MIB defines. */
  readonly expectedType: string;
  /** Type the agent sent. */
  readonly actualType: string;
  static override isInstance(error: unknown): error is SnmpValueTypeError {
    return super.isInstance(error);
  }
  constructor(expectedType: string, actualType: string, details: Omit<SnmpErrorDetails, 'snmpError'> & { object?: string }) {
    const what = details.object ? `${details.object} ` : '';
    super(`${what}is ${actualType}, expected ${expectedType}`, { snmpError: 'wrongType', retriable: true, ...details });
    this.expectedType = expectedType;
    this.actualType = actualType;
  }
}
