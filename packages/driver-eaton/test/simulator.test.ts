// The driver against its simulator: a real net-snmp agent on a loopback UDP port,
// every SNMP version, every v3 security level and protocol, every fault.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DeviceError, IntegerValue, observeSource, type ExpmonError } from '@expmon/core';
import {
  EatonUps,
  SnmpAuthenticationError,
  SnmpError,
  SnmpTimeoutError,
  SnmpUps,
  SnmpValueTypeError,
  UPS_MIB,
  XUPS_MIB,
  type SnmpAuthProtocol,
  type SnmpPrivProtocol,
  type SnmpUpsOptions,
} from '@expmon/driver-eaton';
import { UpsSimulator, type SimulatedSnmpUser } from '@expmon/driver-eaton/simulator';

const AUTH_KEY = 'sim-auth-key-1';
const PRIV_KEY = 'sim-priv-key-1';
process.env.EXPMON_TEST_UPS_AUTH = AUTH_KEY;
process.env.EXPMON_TEST_UPS_PRIV = PRIV_KEY;
const authKey = { env: 'EXPMON_TEST_UPS_AUTH' };
const privKey = { env: 'EXPMON_TEST_UPS_PRIV' };

const AUTHS: SnmpAuthProtocol[] = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'];
const PRIVS: SnmpPrivProtocol[] = ['aes', 'aes256b', 'aes256r']; // des: see des.test.ts (needs --openssl-legacy-provider)

const users: SimulatedSnmpUser[] = [
  { name: 'exp_monitor', level: 'noAuthNoPriv' },
  ...AUTHS.map((a): SimulatedSnmpUser => ({ name: `auth_${a}`, level: 'authNoPriv', authProtocol: a, authKey: AUTH_KEY })),
  ...PRIVS.map(
    (p): SimulatedSnmpUser => ({ name: `priv_${p}`, level: 'authPriv', authProtocol: 'sha256', authKey: AUTH_KEY, privProtocol: p, privKey: PRIV_KEY }),
  ),
  { name: 'priv_sha512_aes', level: 'authPriv', authProtocol: 'sha512', authKey: AUTH_KEY, privProtocol: 'aes', privKey: PRIV_KEY },
];

/** A clock the tests move by hand, so draining does not depend on wall time. */
function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

async function withUps<T>(options: SnmpUpsOptions, fn: (ups: SnmpUps) => Promise<T>, eaton = false): Promise<T> {
  const ups = eaton ? new EatonUps(options) : new SnmpUps(options);
  try {
    return await fn(ups);
  } finally {
    await ups.close();
  }
}

describe('SnmpUps and EatonUps against the simulator', () => {
  let sim: UpsSimulator;
  const clock = manualClock();
  beforeAll(async () => {
    sim = await UpsSimulator.start({ communities: ['public', 'lab-secret'], users, now: clock.now });
  });
  afterAll(async () => {
    await sim.stop();
  });
  const at = (): { host: string; port: number; timeoutMs: number; retries: number } => ({
    host: sim.host,
    port: sim.port,
    timeoutMs: 500,
    retries: 0,
  });

  const versions: Array<[string, Partial<SnmpUpsOptions>]> = [
    ['v1', { version: '1' }],
    ['v2c', { version: '2c' }],
    ['v2c community from a file', { version: '2c', community: { file: '' } }],
    ['v3 noAuthNoPriv', { user: { name: 'exp_monitor' } }],
    ...AUTHS.map((a): [string, Partial<SnmpUpsOptions>] => [`v3 authNoPriv ${a}`, { user: { name: `auth_${a}`, authProtocol: a, authKey } }]),
    ...PRIVS.map((p): [string, Partial<SnmpUpsOptions>] => [
      `v3 authPriv sha256 + ${p}`,
      { user: { name: `priv_${p}`, level: 'authPriv', authProtocol: 'sha256', authKey, privProtocol: p, privKey } },
    ]),
    ['v3 authPriv sha512 + aes', { user: { name: 'priv_sha512_aes', authProtocol: 'sha512', authKey, privKey } }],
  ];

  it.each(versions)('%s: reads every value in one GET per cycle', async (label, extra) => {
    let dir: string | undefined;
    if (label.includes('from a file')) {
      dir = mkdtempSync(join(tmpdir(), 'expmon-eaton-'));
      writeFileSync(join(dir, 'community'), 'lab-secret\n');
      extra = { ...extra, community: { file: join(dir, 'community') } };
    }
    try {
      await withUps({ ...at(), ...extra }, async (ups) => {
        const [first] = await ups.read();
        const before = sim.packetsReceived;
        const [reading] = await ups.read();
        expect(sim.packetsReceived - before).toBe(1); // one GET with every OID, no retries, no discovery
        expect(first?.measurement).toBe('ups');
        expect(reading?.fields).toEqual({
          battery_charge_percent: 100,
          runtime_remaining_minutes: 60,
          seconds_on_battery: 0,
          output_load_percent: 22,
          output_power_watts: 300,
          input_voltage_volts: 230,
          output_voltage_volts: 230,
          battery_voltage_volts: 54.6,
          battery_temperature_celsius: 25,
          output_source: 'normal',
          battery_status: 'batteryNormal',
          on_battery: false,
          battery_low: false,
        });
      });
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('EatonUps adds the XUPS-MIB values in the same single GET', async () => {
    await withUps(
      { ...at(), user: { name: 'auth_sha256', authKey } },
      async (ups) => {
        await ups.read();
        const before = sim.packetsReceived;
        const [reading] = await ups.read();
        expect(sim.packetsReceived - before).toBe(1);
        expect(reading?.fields.ambient_temperature_celsius).toBe(22);
        expect(reading?.fields.battery_abm_status).toBe('batteryFloating');
        expect(ups.device).toBe(`eaton-ups ${sim.host}:${sim.port}`);
      },
      true,
    );
  });

  it('mains failure: on battery, charge and runtime drain, seconds on battery count; then low battery; then back on mains', async () => {
    await withUps(
      { ...at(), user: { name: 'exp_monitor' } },
      async (ups) => {
        sim.mainsFailure();
        let s = await ups.readStatus();
        expect(s).toMatchObject({ onBattery: true, outputSource: 'battery', secondsOnBattery: 0, batteryLow: false, inputVoltageVolts: 0 });
        expect(s.batteryAbmStatus).toBe('batteryDischarging');
        clock.advance(3 * 60_000); // 3 min at 10 %/min
        s = await ups.readStatus();
        expect(s.secondsOnBattery).toBe(180);
        expect(s.batteryChargePercent).toBe(70);
        expect(s.runtimeRemainingMinutes).toBe(42);
        expect(s.batteryStatus).toBe('batteryNormal');
        clock.advance(5 * 60_000); // 20 %: at the low threshold
        s = await ups.readStatus();
        expect(s).toMatchObject({ batteryChargePercent: 20, batteryStatus: 'batteryLow', batteryLow: true, onBattery: true });
        clock.advance(3 * 60_000); // empty
        s = await ups.readStatus();
        expect(s).toMatchObject({ batteryChargePercent: 0, runtimeRemainingMinutes: 0, batteryStatus: 'batteryDepleted', batteryLow: true });
        sim.mainsRestored();
        s = await ups.readStatus();
        expect(s).toMatchObject({ onBattery: false, outputSource: 'normal', secondsOnBattery: 0, batteryChargePercent: 0 });
        sim.set({ chargePercent: 100 });
        sim.lowBattery();
        const [r] = await ups.read();
        expect(r?.fields).toMatchObject({ on_battery: true, battery_low: true, battery_status: 'batteryLow', battery_charge_percent: 10 });
        sim.mainsRestored();
        sim.set({ chargePercent: 100 });
      },
      true,
    );
  });

  it('stop answering: SnmpTimeoutError naming host, port and OIDs; reads again once the agent answers', async () => {
    await withUps({ ...at(), timeoutMs: 200, retries: 1 }, async (ups) => {
      await ups.read();
      sim.stopAnswering();
      try {
        const error: unknown = await ups.read().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(SnmpTimeoutError.isInstance(error)).toBe(true);
        expect(DeviceError.isInstance(error)).toBe(true);
        const e = error as SnmpTimeoutError;
        expect(e.host).toBe(sim.host);
        expect(e.port).toBe(sim.port);
        expect(e.oids).toContain(UPS_MIB.upsEstimatedChargeRemaining);
        expect(e.retriable).toBe(true);
        expect(e.timeoutMs).toBe(400);
        expect(e.message).toContain(`${sim.host}:${sim.port}`);
        expect(e.message).toContain('timeout');
      } finally {
        sim.resumeAnswering();
      }
      const [r] = await ups.read();
      expect(r?.fields.battery_charge_percent).toBe(100);
    });
  });

  it('an aborted read rejects with the signal reason at once and the next read works', async () => {
    await withUps({ ...at(), timeoutMs: 10_000 }, async (ups) => {
      sim.stopAnswering();
      const controller = new AbortController();
      const pending = ups.read({ signal: controller.signal });
      controller.abort(new Error('cycle timeout'));
      await expect(pending).rejects.toThrow('cycle timeout');
      sim.resumeAnswering();
      expect((await ups.read()).length).toBe(1);
    });
  });

  it('a wrong type on a required object: SnmpValueTypeError naming OID and types; never a number', async () => {
    sim.answerWrongTypes(['upsEstimatedChargeRemaining']);
    try {
      await withUps(at(), async (ups) => {
        const error = await ups.read().catch((e: unknown) => e);
        expect(SnmpValueTypeError.isInstance(error)).toBe(true);
        const e = error as SnmpValueTypeError;
        expect(e.oid).toBe(UPS_MIB.upsEstimatedChargeRemaining);
        expect(e.host).toBe(sim.host);
        expect(e.snmpError).toBe('wrongType');
        expect(e.actualType).toBe('OctetString');
        expect(e.message).toContain('upsEstimatedChargeRemaining is OctetString, expected Integer');
      });
    } finally {
      sim.answerCorrectTypes();
    }
  });

  it('a wrong type on an optional object drops that field and is reported on `problems`', async () => {
    sim.answerWrongTypes(['upsBatteryTemperature', 'upsOutputVoltage']);
    try {
      await withUps(at(), async (ups) => {
        const problems: ExpmonError[] = [];
        const sub = ups.problems.subscribe((p) => problems.push(p));
        const [r] = await ups.read();
        sub.unsubscribe();
        expect(r?.fields).not.toHaveProperty('battery_temperature_celsius');
        expect(r?.fields).not.toHaveProperty('output_voltage_volts');
        expect(r?.fields.battery_charge_percent).toBe(100);
        expect(problems.map((p) => (p as SnmpValueTypeError).oid).sort()).toEqual(
          [UPS_MIB.upsBatteryTemperature, UPS_MIB.upsOutputVoltage].sort(),
        );
        expect(problems.every((p) => SnmpValueTypeError.isInstance(p))).toBe(true);
      });
    } finally {
      sim.answerCorrectTypes();
    }
  });

  it('all types wrong on an Eaton: no number at all comes out, the read fails', async () => {
    sim.answerWrongTypes();
    try {
      await withUps(
        at(),
        async (ups) => {
          await expect(ups.read()).rejects.toSatisfy((e: unknown) => SnmpValueTypeError.isInstance(e));
        },
        true,
      );
    } finally {
      sim.answerCorrectTypes();
    }
  });

  it('EatonUps falls back to the XUPS-MIB where a UPS-MIB object is missing or of the wrong type', async () => {
    sim.omit(['upsEstimatedMinutesRemaining', 'upsOutputPercentLoad', 'upsBatteryVoltage']);
    sim.answerWrongTypes(['upsOutputPower']);
    try {
      await withUps(
        at(),
        async (ups) => {
          const s = await ups.readStatus();
          expect(s.runtimeRemainingMinutes).toBe(60); // xupsBatTimeRemaining 3600 s / 60
          expect(s.outputLoadPercent).toBe(22); // xupsOutputPercentLoad
          expect(s.batteryVoltageVolts).toBe(55); // xupsBatVoltage, whole volts
          expect(s.outputPowerWatts).toBe(300); // xupsOutputWatts
        },
        true,
      );
    } finally {
      sim.serve(['upsEstimatedMinutesRemaining', 'upsOutputPercentLoad', 'upsBatteryVoltage']);
      sim.answerCorrectTypes();
    }
  });

  it('without upsOutputPercentLoad the load is output power / configured output power', async () => {
    sim.omit(['upsOutputPercentLoad']);
    try {
      await withUps(at(), async (ups) => {
        const s = await ups.readStatus();
        // A derived value, rounded to 0.01 %: 22.2222… is stored as 22.22.
        expect(s.outputLoadPercent).toBe(22.22);
      });
    } finally {
      sim.serve(['upsOutputPercentLoad']);
    }
  });

  it('noSuchInstance on a required object (v2c): SnmpError naming the OID', async () => {
    sim.omit(['upsEstimatedMinutesRemaining']);
    try {
      await withUps(at(), async (ups) => {
        const e = (await ups.read().catch((x: unknown) => x)) as SnmpError;
        expect(SnmpError.isInstance(e)).toBe(true);
        expect(e.snmpError).toBe('noSuchInstance');
        expect(e.oid).toBe(UPS_MIB.upsEstimatedMinutesRemaining);
        expect(e.message).toContain(UPS_MIB.upsEstimatedMinutesRemaining);
        expect(e.message).toContain(sim.host);
      });
    } finally {
      sim.serve(['upsEstimatedMinutesRemaining']);
    }
  });

  it('wrong community (v2c): the agent stays silent, SnmpTimeoutError saying to check the community', async () => {
    await withUps({ ...at(), timeoutMs: 200, community: 'not-the-community' }, async (ups) => {
      const e = await ups.read().catch((x: unknown) => x);
      expect(SnmpTimeoutError.isInstance(e)).toBe(true);
      expect((e as SnmpTimeoutError).message).toContain(
        'SNMP timeout: no answer to GET (1 × 200 ms) within 200 ms: check the host, port and community: a v2c agent ignores a request with a wrong community',
      );
      expect((e as SnmpTimeoutError).message).not.toContain('not-the-community');
    });
  });

  it('unknown v3 user: SnmpAuthenticationError (unknownUserNames), not retriable', async () => {
    await withUps({ ...at(), user: { name: 'nobody' } }, async (ups) => {
      const e = (await ups.read().catch((x: unknown) => x)) as SnmpAuthenticationError;
      expect(SnmpAuthenticationError.isInstance(e)).toBe(true);
      expect(e.snmpError).toBe('unknownUserNames');
      expect(e.retriable).toBe(false);
      expect(e.host).toBe(sim.host);
    });
  });

  it('wrong v3 auth key: SnmpAuthenticationError, and the key appears nowhere in the error', async () => {
    process.env.EXPMON_TEST_UPS_WRONG = 'wrong-auth-key-123';
    await withUps({ ...at(), user: { name: 'auth_sha256', authKey: { env: 'EXPMON_TEST_UPS_WRONG' } } }, async (ups) => {
      const e = (await ups.read().catch((x: unknown) => x)) as SnmpAuthenticationError;
      expect(SnmpAuthenticationError.isInstance(e)).toBe(true);
      // net-snmp's agent drops the message without a usmStats report (snmpd reports wrongDigests: snmpd.test.ts)
      expect(e.snmpError).toBe('authenticationFailure');
      expect(e.message).toContain('not the authenticated GET: wrong auth key or protocol');
      const dump = JSON.stringify(e) + String(e.stack) + String((e.cause as Error | undefined)?.message) + JSON.stringify(e.cause);
      expect(dump).not.toContain('wrong-auth-key-123');
      expect(dump).not.toContain(AUTH_KEY);
    });
  });

  it('wrong v3 privacy key (auth key right): SnmpAuthenticationError naming the privacy key as the likely cause', async () => {
    process.env.EXPMON_TEST_UPS_WRONG = 'wrong-priv-key-123';
    await withUps({ ...at(), user: { name: 'priv_sha512_aes', authProtocol: 'sha512', authKey, privKey: { env: 'EXPMON_TEST_UPS_WRONG' } } }, async (ups) => {
      const e = (await ups.read().catch((x: unknown) => x)) as SnmpAuthenticationError;
      expect(SnmpAuthenticationError.isInstance(e)).toBe(true);
      expect(e.message).toContain('most likely a wrong privacy key or protocol');
      expect(JSON.stringify(e) + String(e.stack)).not.toContain('wrong-priv-key-123');
    });
  });

  it('wrong v3 auth protocol (sha1 for a sha256 user): SnmpAuthenticationError', async () => {
    await withUps({ ...at(), user: { name: 'auth_sha256', authProtocol: 'sha', authKey } }, async (ups) => {
      await expect(ups.read()).rejects.toSatisfy((e: unknown) => SnmpAuthenticationError.isInstance(e));
    });
  });

  it('v3 security level the user does not have (authNoPriv user asked for authPriv): SnmpAuthenticationError', async () => {
    await withUps({ ...at(), user: { name: 'auth_sha256', authKey, privKey } }, async (ups) => {
      await expect(ups.read()).rejects.toSatisfy((e: unknown) => SnmpAuthenticationError.isInstance(e));
    });
  });

  it('python schema: the four measurements with field value and tag unit', async () => {
    await withUps({ ...at(), name: 'eaton5px', schema: 'python', tags: { room: 'lab2' } }, async (ups) => {
      sim.mainsFailure();
      clock.advance(60_000);
      try {
        const readings = await ups.read();
        expect(readings.map((r) => [r.measurement, r.fields, r.tags])).toEqual([
          ['eaton5px_rem-minutes', { value: 54 }, { room: 'lab2', unit: 'min' }],
          ['eaton5px_rem-charge', { value: 90 }, { room: 'lab2', unit: '%' }],
          ['eaton5px_on-time', { value: 60 }, { room: 'lab2', unit: 's' }],
          ['eaton5px_load', { value: 22.22 }, { room: 'lab2', unit: '%' }],
        ]);
        const times = new Set(readings.map((r) => r.time));
        expect(times.size).toBe(1);
      } finally {
        sim.mainsRestored();
        sim.set({ chargePercent: 100 });
      }
    });
  });

  it('python schema with integerValues writes integers', async () => {
    await withUps({ ...at(), schema: 'python', integerValues: true }, async (ups) => {
      const readings = await ups.read();
      expect(readings.every((r) => r.fields.value instanceof IntegerValue)).toBe(true);
      expect(readings.map((r) => String(r.fields.value))).toEqual(['60', '100', '0', '22']);
    });
  });

  it('observeSource from core turns it into an Observable for scripts', async () => {
    await withUps(at(), async (ups) => {
      const readings = await firstValueFrom(observeSource(ups, { intervalMs: 20 }).pipe(take(3), toArray()));
      expect(readings.map((r) => r.fields.battery_charge_percent)).toEqual([100, 100, 100]);
    });
  });

  it('reads again after close()', async () => {
    const ups = new SnmpUps(at());
    await ups.read();
    await ups.close();
    await ups.close();
    expect((await ups.read())[0]?.fields.output_source).toBe('normal');
    await ups.close();
  });
});

describe('SNMPv1 against an agent that lacks objects', () => {
  let sim: UpsSimulator;
  beforeAll(async () => {
    sim = await UpsSimulator.start({ eaton: false, omit: ['upsBatteryTemperature', 'upsOutputPercentLoad'] });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('noSuchName on optional objects drops those fields; later reads are one GET without them', async () => {
    await withUps({ host: sim.host, port: sim.port, version: '1', timeoutMs: 500 }, async (ups) => {
      const [first] = await ups.read();
      expect(first?.fields).not.toHaveProperty('battery_temperature_celsius');
      expect(first?.fields.output_load_percent).toBe(22.22);
      const before = sim.packetsReceived;
      const [second] = await ups.read();
      expect(sim.packetsReceived - before).toBe(1);
      expect(second?.fields).toEqual(first?.fields);
    });
  });

  it('noSuchObject (v2c) on optional objects drops those fields only', async () => {
    await withUps({ host: sim.host, port: sim.port, timeoutMs: 500 }, async (ups) => {
      const s = await ups.readStatus();
      expect(s.batteryTemperatureCelsius).toBeUndefined();
      expect(s.batteryChargePercent).toBe(100);
    });
  });

  it('noSuchName on a required object (v1): SnmpError naming the OID', async () => {
    sim.omit(['upsSecondsOnBattery']);
    try {
      await withUps({ host: sim.host, port: sim.port, version: '1', timeoutMs: 500 }, async (ups) => {
        const e = (await ups.read().catch((x: unknown) => x)) as SnmpError;
        expect(SnmpError.isInstance(e)).toBe(true);
        expect(e.oid).toBe(UPS_MIB.upsSecondsOnBattery);
        expect(['noSuchName', 'noSuchInstance']).toContain(e.snmpError);
      });
    } finally {
      sim.serve(['upsSecondsOnBattery']);
    }
  });

  it('SnmpUps asks no XUPS-MIB OID; EatonUps asks them all', () => {
    const generic = new SnmpUps({ host: sim.host });
    const eaton = new EatonUps({ host: sim.host });
    expect(generic.oids.some((o) => o.startsWith('1.3.6.1.4.1.534.'))).toBe(false);
    expect(eaton.oids).toEqual(expect.arrayContaining(Object.values(XUPS_MIB)));
  });
});

describe('options', () => {
  it('maxReadMs is timeoutMs × (1 + retries); the defaults (800 ms, 1 retry) fit a 2 s interval', () => {
    expect(new SnmpUps({ host: '127.0.0.1' }).maxReadMs).toBe(1600);
    expect(new EatonUps({ host: '127.0.0.1', version: '1' }).maxReadMs).toBe(1600);
    expect(new EatonUps({ host: '127.0.0.1', user: { name: 'exp_monitor' } }).maxReadMs).toBe(1600);
    expect(new SnmpUps({ host: '127.0.0.1', timeoutMs: 1000, retries: 2 }).maxReadMs).toBe(3000);
    expect(new SnmpUps({ host: '127.0.0.1', retries: 0 }).maxReadMs).toBe(800);
  });

  it.each<[string, SnmpUpsOptions, string]>([
    ['no host', { host: '' }, 'SnmpUps(ups).host'],
    ['bad port', { host: 'x', port: 70000 }, 'SnmpUps(ups).port'],
    ['bad version', { host: 'x', version: '4' as '3' }, 'SnmpUps(ups).version'],
    ['bad timeout', { host: 'x', timeoutMs: 0 }, 'SnmpUps(ups).timeoutMs'],
    ['bad schema', { host: 'x', schema: 'influx' as 'fields' }, 'SnmpUps(ups).schema'],
    ['v3 without user', { host: 'x', version: '3' }, 'SnmpUps(ups).user'],
    ['user with v2c', { host: 'x', version: '2c', user: { name: 'u' } }, 'SnmpUps(ups).user'],
    ['authNoPriv without key', { host: 'x', user: { name: 'u', level: 'authNoPriv' } }, 'SnmpUps(ups).user.authKey'],
    ['unknown auth protocol', { host: 'x', user: { name: 'u', authProtocol: 'sha3' as 'sha', authKey } }, 'SnmpUps(ups).user.authProtocol'],
    ['unset env', { host: 'x', user: { name: 'u', authKey: { env: 'EXPMON_TEST_NOT_SET_ANYWHERE' } } }, 'EXPMON_TEST_NOT_SET_ANYWHERE'],
    ['missing file', { host: 'x', user: { name: 'u', authKey: { file: '/nonexistent/expmon-key' } } }, '/nonexistent/expmon-key'],
    ['literal key', { host: 'x', user: { name: 'u', authKey: 'literal-secret-1' as unknown as { env: string } } }, 'user.authKey'],
    ['short key', { host: 'x', name: 'ups2', user: { name: 'u', authKey: { env: 'EXPMON_TEST_SHORT' } } }, 'SnmpUps(ups2).user.authKey'],
  ])('%s: ConfigError naming the option', (_label, options, field) => {
    process.env.EXPMON_TEST_SHORT = 'short';
    let error: unknown;
    try {
      new SnmpUps(options);
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).not.toContain('literal-secret-1');
  });

  it('des without the OpenSSL legacy provider: ConfigError telling how to enable it', () => {
    expect(() => new EatonUps({ host: 'x', user: { name: 'u', authKey, privProtocol: 'des', privKey } })).toThrow(
      /--openssl-legacy-provider/,
    );
  });
});
