import { SnmpUps } from './SnmpUps.js';
import type { SnmpUpsOptions } from './SnmpUpsOptions.js';

/**
 * An Eaton UPS (5PX, 9PX, … with a Network-M2/M3 card) over SNMP: the RFC 1628 UPS-MIB
 * plus Eaton's XUPS-MIB where the UPS-MIB lacks a value (`xupsMib: true` by default).
 * Same options and behaviour as {@link SnmpUps}.
 *
 * @example
 * import { EatonUps } from '@expmon/driver-eaton';
 * const ups = new EatonUps({
 *   host: '10.0.0.3',
 *   user: { name: 'exp_monitor', authProtocol: 'sha256', authKey: { env: 'UPS_AUTH_KEY' } },
 * });
 * console.log(await ups.read());
 * await ups.close();
 */
export class EatonUps extends SnmpUps {
  constructor(options: SnmpUpsOptions) {
    super(options, { kind: 'eaton-ups', xupsMib: true });
  }
}
