import type { Secret } from '@expmon/source-kit';

/** SNMPv3 authentication protocols (all that net-snmp supports). */
export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** SNMPv3 privacy protocols (all that net-snmp supports). `des` needs `node --openssl-legacy-provider`. */
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

/** SNMPv3 security levels (RFC 3414). */
export type SnmpSecurityLevel = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

/**
 * An SNMPv3 (USM) user. Keys come from the environment or a file, never from the config.
 *
 * @example
 * const user: SnmpV3User = {
 *   name: 'exp_monitor', level: 'authNoPriv',
 *   authProtocol: 'sha256', authKey: { env: 'UPS_AUTH_KEY' },
 * };
 */
export interface SnmpV3User {
  /** User (security) name, e.g. `exp_monitor`. */
  name: string;
  /** Default: `authPriv` with a `privKey`, `authNoPriv` with only an `authKey`, else `noAuthNoPriv`. */
  level?: SnmpSecurityLevel;
  /** Default `sha256` when an `authKey` is given. */
  authProtocol?: SnmpAuthProtocol;
  /** Required for `authNoPriv` and `authPriv`. */
  authKey?: Secret;
  /** Default `aes` (AES-128-CFB) when a `privKey` is given. */
  privProtocol?: SnmpPrivProtocol;
  /** Required for `authPriv`. */
  privKey?: Secret;
}

/**
 * Options of {@link SnmpUps} and {@link EatonUps}.
 *
 * @example
 * const options: SnmpUpsOptions = { host: '10.0.0.3', user: { name: 'exp_monitor' } };
 */
export interface SnmpUpsOptions {
  /** Source name; also the measurement (and the prefix of the `python` schema). Default `ups`. */
  name?: string;
  /** Agent host name or IP address (the UPS network card). */
  host: string;
  /** Agent UDP port; default 161. */
  port?: number;
  /** SNMP version; default `3` when `user` is given, else `2c`. */
  version?: '1' | '2c' | '3';
  /** v1/v2c community; default `public`. Prefer `{ env }` or `{ file }` for anything but `public`. */
  community?: string | Secret;
  /** v3 user; required for version 3. */
  user?: SnmpV3User;
  /** SNMPv3 context name; default empty. */
  context?: string;
  /** Timeout of one attempt in ms; default 800. A read takes at most `timeoutMs` × (1 + `retries`). */
  timeoutMs?: number;
  /** Extra attempts after a timeout; default 1 (so 1.6 s at most by default). */
  retries?: number;
  /** Input line (phase) of the UPS-MIB input table to read, from 1; default 1. */
  inputLine?: number;
  /** Output line (phase) of the UPS-MIB output table to read, from 1; default 1. */
  outputLine?: number;
  /**
   * `fields` (default): one measurement (`name`) with one field per value (see README).
   * `python`: the Python tool's measurements `<name>_rem-minutes`, `<name>_rem-charge`,
   * `<name>_on-time`, `<name>_load`, each with field `value` and tag `unit`.
   */
  schema?: 'fields' | 'python';
  /**
   * With `schema: 'python'`: write `value` as an integer (`42i`) instead of a float, for an
   * InfluxDB whose existing series hold integers (a field's type can't change). Default false.
   */
  integerValues?: boolean;
  /** Measurement name of the `fields` schema; default `name`. */
  measurement?: string;
  /** Extra tags on every reading (e.g. `{ room: 'lab2' }`). */
  tags?: Record<string, string>;
  /**
   * Also read Eaton's XUPS-MIB (`1.3.6.1.4.1.534.1`) and use it where the UPS-MIB lacks
   * a value; adds `ambient_temperature_celsius` and `battery_abm_status`.
   * Default false for {@link SnmpUps}, true for {@link EatonUps}.
   */
  xupsMib?: boolean;
}
