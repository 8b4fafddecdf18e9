// The driver against Debian's snmpd (net-snmp 5.9), an agent we did not write, serving
// UPS-MIB and XUPS-MIB values through `override` lines, with an SNMPv3 authPriv user.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpmonError } from '@expmon/core';
import {
  EatonUps,
  SnmpAuthenticationError,
  SnmpTimeoutError,
  SnmpUps,
  SnmpValueTypeError,
  UPS_MIB,
  XUPS_MIB,
  type SnmpUpsOptions,
} from '@expmon/driver-eaton';

const SNMPD = '/usr/sbin/snmpd';
const AUTH_KEY = 'snmpd-auth-key-1';
const PRIV_KEY = 'snmpd-priv-key-1';
process.env.EXPMON_TEST_SNMPD_AUTH = AUTH_KEY;
process.env.EXPMON_TEST_SNMPD_PRIV = PRIV_KEY;
process.env.EXPMON_TEST_SNMPD_WRONG = 'not-the-right-key';
const user = {
  name: 'exp_monitor',
  level: 'authPriv' as const,
  authProtocol: 'sha256' as const,
  authKey: { env: 'EXPMON_TEST_SNMPD_AUTH' },
  privProtocol: 'aes' as const,
  privKey: { env: 'EXPMON_TEST_SNMPD_PRIV' },
};

// What the UPS serves: an Eaton 5PX on battery for 95 s. upsBatteryVoltage is left out
// (noSuchObject), upsBatteryTemperature is served as a string (a wrong type).
const SERVED: Array<[string, string, string]> = [
  [UPS_MIB.upsBatteryStatus, 'integer', '2'],
  [UPS_MIB.upsSecondsOnBattery, 'integer', '95'],
  [UPS_MIB.upsEstimatedMinutesRemaining, 'integer', '37'],
  [UPS_MIB.upsEstimatedChargeRemaining, 'integer', '83'],
  [UPS_MIB.upsBatteryTemperature, 'octet_str', '"27"'],
  [UPS_MIB.upsInputVoltage, 'integer', '0'],
  [UPS_MIB.upsOutputSource, 'integer', '5'],
  [UPS_MIB.upsOutputVoltage, 'integer', '229'],
  [UPS_MIB.upsOutputPower, 'integer', '410'],
  [UPS_MIB.upsOutputPercentLoad, 'integer', '31'],
  [UPS_MIB.upsConfigOutputPower, 'integer', '1350'],
  [XUPS_MIB.xupsBatVoltage, 'integer', '52'],
  [XUPS_MIB.xupsBatteryAbmStatus, 'integer', '2'],
  [XUPS_MIB.xupsEnvAmbientTemp, 'integer', '24'],
];

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('against Debian snmpd', () => {
  let dir: string;
  let port: number;
  let snmpd: ChildProcess;
  let log = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'expmon-snmpd-'));
    port = await freeUdpPort();
    const conf = [
      `agentAddress udp:127.0.0.1:${port}`,
      `createUser exp_monitor SHA-256 "${AUTH_KEY}" AES "${PRIV_KEY}"`,
      'rouser exp_monitor priv',
      'rocommunity lab-community 127.0.0.1',
      ...SERVED.map(([oid, type, value]) => `override .${oid} ${type} ${value}`),
    ].join('\n');
    writeFileSync(join(dir, 'snmpd.conf'), `${conf}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'community'), 'lab-community\n', { mode: 0o600 });
    snmpd = spawn(SNMPD, ['-f', '-Lo', '-C', '-c', join(dir, 'snmpd.conf'), '-p', join(dir, 'snmpd.pid')], {
      env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        log += chunk.toString();
        if (log.includes('NET-SNMP version')) resolve();
      };
      snmpd.stdout!.on('data', onData);
      snmpd.stderr!.on('data', onData);
      snmpd.once('exit', (code) => reject(new Error(`snmpd exited with ${code}: ${log}`)));
    });
  });

  afterAll(async () => {
    if (snmpd && snmpd.exitCode === null) {
      const exited = new Promise((resolve) => snmpd.once('exit', resolve));
      snmpd.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function read(options: Partial<SnmpUpsOptions>, eaton = true): Promise<{ result: unknown; problems: ExpmonError[] }> {
    const o: SnmpUpsOptions = { host: '127.0.0.1', port, timeoutMs: 1000, retries: 0, ...options };
    const ups = eaton ? new EatonUps(o) : new SnmpUps(o);
    const problems: ExpmonError[] = [];
    const sub = ups.problems.subscribe((p) => problems.push(p));
    try {
      const result = await ups.read().catch((e: unknown) => e);
      return { result, problems };
    } finally {
      sub.unsubscribe();
      await ups.close();
    }
  }

  it('v3 authPriv (SHA-256, AES): every value, Eaton fallbacks, a wrong type dropped and reported', async () => {
    const { result, problems } = await read({ user });
    expect(result).toEqual([
      {
        measurement: 'ups',
        fields: {
          battery_charge_percent: 83,
          runtime_remaining_minutes: 37,
          seconds_on_battery: 95,
          output_load_percent: 31,
          output_power_watts: 410,
          input_voltage_volts: 0,
          output_voltage_volts: 229,
          battery_voltage_volts: 52, // upsBatteryVoltage absent: xupsBatVoltage
          ambient_temperature_celsius: 24,
          output_source: 'battery',
          battery_status: 'batteryNormal',
          battery_abm_status: 'batteryDischarging',
          on_battery: true,
          battery_low: false,
        },
        tags: {},
        time: expect.any(Number),
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(SnmpValueTypeError.isInstance(problems[0])).toBe(true);
    expect((problems[0] as SnmpValueTypeError).oid).toBe(UPS_MIB.upsBatteryTemperature);
  });

  it('v2c with the community from a file; SnmpUps without XUPS: battery voltage missing, dropped', async () => {
    const { result } = await read({ version: '2c', community: { file: join(dir, 'community') } }, false);
    const [reading] = result as Array<{ fields: Record<string, unknown> }>;
    expect(reading?.fields.battery_charge_percent).toBe(83);
    expect(reading?.fields).not.toHaveProperty('battery_voltage_volts');
    expect(reading?.fields).not.toHaveProperty('battery_temperature_celsius');
  });

  it('v2c with a wrong community: snmpd stays silent; the timeout says to check the community', async () => {
    const { result } = await read({ version: '2c', community: 'not-lab-community', timeoutMs: 300, retries: 1 }, false);
    expect(SnmpTimeoutError.isInstance(result)).toBe(true);
    const e = result as SnmpTimeoutError;
    expect(e.hint).toBe('check the host, port and community: a v2c agent ignores a request with a wrong community');
    expect(e.message).toContain('(2 × 300 ms) within 600 ms: check the host, port and community');
    expect(e.message).not.toContain('not-lab-community');
  });

  it('v1 with a wrong community: the same hint', async () => {
    const { result } = await read({ version: '1', community: 'not-lab-community', timeoutMs: 300, retries: 0 }, false);
    expect((result as SnmpTimeoutError).hint).toBe('check the host, port and community: a v1 agent ignores a request with a wrong community');
  });

  it('v3 timeout carries no community hint', async () => {
    const { result } = await read({ port: await freeUdpPort(), user, timeoutMs: 300, retries: 0 });
    expect(SnmpTimeoutError.isInstance(result)).toBe(true);
    expect((result as SnmpTimeoutError).hint).toBeUndefined();
    expect((result as SnmpTimeoutError).message).not.toContain('community');
  });

  it('v1: noSuchName for the missing objects, the rest read', async () => {
    const { result } = await read({ version: '1', community: { file: join(dir, 'community') } }, false);
    const [reading] = result as Array<{ fields: Record<string, unknown> }>;
    expect(reading?.fields).toMatchObject({ battery_charge_percent: 83, on_battery: true, output_power_watts: 410 });
    expect(reading?.fields).not.toHaveProperty('battery_voltage_volts');
  });

  it('wrong auth key: SnmpAuthenticationError wrongDigests from the usmStats report', async () => {
    const { result } = await read({ user: { ...user, authKey: { env: 'EXPMON_TEST_SNMPD_WRONG' } } });
    expect(SnmpAuthenticationError.isInstance(result)).toBe(true);
    const e = result as SnmpAuthenticationError;
    expect(e.snmpError).toBe('wrongDigests');
    expect(e.host).toBe('127.0.0.1');
    expect(e.retriable).toBe(false);
    expect(`${e.message} ${String(e.stack)} ${JSON.stringify(e)}`).not.toContain('not-the-right-key');
  });

  it('unknown user: SnmpAuthenticationError unknownUserNames', async () => {
    const { result } = await read({ user: { ...user, name: 'someone_else' } });
    expect(SnmpAuthenticationError.isInstance(result)).toBe(true);
    expect((result as SnmpAuthenticationError).snmpError).toBe('unknownUserNames');
  });

  it('wrong privacy key: snmpd drops the message silently; SnmpAuthenticationError after engine discovery', async () => {
    const { result } = await read({ user: { ...user, privKey: { env: 'EXPMON_TEST_SNMPD_WRONG' } } });
    expect(SnmpAuthenticationError.isInstance(result)).toBe(true);
    expect((result as SnmpAuthenticationError).snmpError).toBe('authenticationFailure');
    expect((result as SnmpAuthenticationError).message).toContain('most likely a wrong privacy key or protocol');
  });

  it('noAuthNoPriv for a user that needs privacy: SnmpAuthenticationError authorizationError', async () => {
    const { result } = await read({ user: { name: 'exp_monitor', level: 'noAuthNoPriv' } });
    expect(SnmpAuthenticationError.isInstance(result)).toBe(true);
    expect((result as SnmpAuthenticationError).snmpError).toBe('authorizationError');
  });
});
