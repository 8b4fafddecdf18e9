import type { ExpmonError } from '@expmon/source-kit';
import { SnmpAuthenticationError } from './errors/SnmpAuthenticationError.js';
import { SnmpError } from './errors/SnmpError.js';
import { SnmpTimeoutError } from './errors/SnmpTimeoutError.js';

/** The request that failed. */
export interface SnmpRequestContext {
  host: string;
  port: number;
  oids: readonly string[];
  timeoutMs: number;
  retries: number;
  /** SNMP version of the session; a v1/v2c timeout then says to check the community. */
  version?: '1' | '2c' | '3';
  sensor?: string;
  device?: string;
}

// net-snmp's USM report texts → the RFC 3414 usmStats counter names.
const USM_REPORTS: ReadonlyArray<[RegExp, string]> = [
  [/unsupported security level/i, 'unsupportedSecLevels'],
  [/not in time window/i, 'notInTimeWindows'],
  [/unknown user name/i, 'unknownUserNames'],
  [/unknown engine id/i, 'unknownEngineIDs'],
  [/wrong digest|authentication digest/i, 'wrongDigests'],
  [/decrypt/i, 'decryptionErrors'],
];

// net-snmp ResponseInvalidCode values that mean "the v3 credentials don't match".
const E_COULD_NOT_DECRYPT = 4;
const E_AUTH_FAILURE = 5;

/**
 * Maps an error from net-snmp to a typed expmon error naming host, OID and the SNMP error.
 * The original error is not kept as `cause` when it may carry keys (net-snmp attaches the
 * user, with its keys, to authentication failures); a clean copy of its message is.
 *
 * @example
 * session.get(oids, (err, vbs) => { if (err) reject(toSnmpError(err, { host, port, oids, timeoutMs, retries })); });
 */
export function toSnmpError(error: unknown, request: SnmpRequestContext): ExpmonError {
  const e = (error ?? {}) as { name?: string; message?: string; status?: number; code?: number };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const base = { host: request.host, port: request.port, sensor: request.sensor, device: request.device };
  const cleanCause = new Error(`${e.name ?? 'Error'}: ${message}`);

  if (e.name === 'RequestTimedOutError') {
    const hint =
      request.version === '1' || request.version === '2c'
        ? `check the host, port and community: a v${request.version} agent ignores a request with a wrong community`
        : undefined;
    return new SnmpTimeoutError(request.timeoutMs, { ...base, oids: request.oids, attempts: request.retries + 1, ...(hint ? { hint } : {}) });
  }
  if (e.name === 'ResponseInvalidError' && (e.code === E_AUTH_FAILURE || e.code === E_COULD_NOT_DECRYPT)) {
    const report = USM_REPORTS.find(([re]) => re.test(message))?.[1] ?? 'authenticationFailure';
    const text =
      report === 'wrongDigests'
        ? 'the agent rejected the authentication key or protocol (or the answer failed authentication)'
        : report === 'unknownUserNames'
          ? 'the agent does not know this SNMPv3 user'
          : report === 'unsupportedSecLevels'
            ? 'the agent does not allow this security level for the user'
            : report === 'decryptionErrors'
              ? 'the privacy (encryption) key or protocol does not match the agent'
              : message;
    return new SnmpAuthenticationError(text, { ...base, snmpError: report, cause: new Error(`ResponseInvalidError: ${report}`) });
  }
  if (e.name === 'RequestFailedError') {
    // "NoSuchName: 1.3.6.1.2.1.33.1.2.4.0" (status name, then the OID at error-index)
    const [statusName = 'genErr', oid] = message.split(': ');
    const snmpError = statusName.charAt(0).toLowerCase() + statusName.slice(1);
    if (snmpError === 'authorizationError' || snmpError === 'noAccess') {
      // VACM: the user or community may not read these objects at this security level
      return new SnmpAuthenticationError(`the agent refused access (${statusName}): check the user's view and security level`, {
        ...base,
        oid,
        snmpError,
        cause: cleanCause,
      });
    }
    return new SnmpError(`the agent answered ${statusName}`, {
      ...base,
      oid,
      snmpError,
      retriable: snmpError !== 'noSuchName',
      cause: cleanCause,
    });
  }
  return new SnmpError(message, {
    ...base,
    snmpError: e.name ?? 'error',
    cause: cleanCause,
  });
}
