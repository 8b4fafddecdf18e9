import { SnmpError } from './errors/SnmpError.js';
import { SnmpValueTypeError } from './errors/SnmpValueTypeError.js';
import { BATTERY_STATUS, OUTPUT_SOURCE, type UpsMibObject } from './upsMib.js';
import { ABM_STATUS, type XupsMibObject } from './xupsMib.js';
import type { UpsStatus } from './UpsStatus.js';
import { roundDerived } from './roundDerived.js';

/**
 * One varbind of the agent's answer, as net-snmp gives it (`type` is an ASN.1/SMI tag).
 * `error` marks an object that the agent said does not exist in a way that is not a
 * varbind type (SNMPv1 `noSuchName`).
 */
export interface SnmpAnswer {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
  readonly error?: string;
}

/** Where the answers came from and which OIDs were asked, for decoding and error messages. */
export interface DecodeContext {
  host: string;
  port: number;
  sensor?: string;
  device?: string;
  ups: Readonly<Record<UpsMibObject, string>>;
  /** Present when the Eaton XUPS-MIB was asked too. */
  xups?: Readonly<Record<XupsMibObject, string>> | undefined;
}

/** A decoded answer: the status, and problems that dropped a value but not the reading. */
export interface DecodedUps {
  status: UpsStatus;
  /** Wrong types on objects that were optional or had a fallback. */
  problems: SnmpError[];
}

// SMI application tags of integer types: Integer32 (2), Counter32 (65), Gauge32/Unsigned32 (66).
const INTEGER_TYPES = new Set([2, 65, 66]);
const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Boolean',
  2: 'Integer',
  4: 'OctetString',
  5: 'Null',
  6: 'ObjectIdentifier',
  64: 'IpAddress',
  65: 'Counter32',
  66: 'Gauge32',
  67: 'TimeTicks',
  68: 'Opaque',
  70: 'Counter64',
  128: 'noSuchObject',
  129: 'noSuchInstance',
  130: 'endOfMibView',
};

type Lookup =
  | { kind: 'value'; value: number }
  | { kind: 'missing'; oid: string; reason: string }
  | { kind: 'wrongType'; error: SnmpValueTypeError };

interface Candidate {
  object: UpsMibObject | XupsMibObject;
  oid: string | undefined;
  scale?: (v: number) => number;
}

/**
 * Turns the varbinds of one GET into a {@link UpsStatus}, with units converted and the
 * Eaton XUPS-MIB used where the UPS-MIB lacks a value. Only Integer32, Counter32 and
 * Gauge32 values become numbers; anything else is a {@link SnmpValueTypeError}.
 *
 * Required (the read fails without them): battery charge, minutes remaining, seconds on
 * battery, output source. A missing optional object drops that value only; a wrong type
 * on an optional object drops that value and is returned in `problems`.
 *
 * @throws SnmpError (`noSuchObject`, `noSuchInstance`, `noSuchName`) or SnmpValueTypeError for a required value.
 * @example
 * const { status } = decodeUpsStatus(new Map(varbinds.map((v) => [v.oid, v])), { host, port, ups: UPS_MIB });
 */
export function decodeUpsStatus(answers: ReadonlyMap<string, SnmpAnswer>, context: DecodeContext): DecodedUps {
  const problems: SnmpError[] = [];
  const { ups, xups } = context;

  function lookup(object: UpsMibObject | XupsMibObject, oid: string): Lookup {
    const answer = answers.get(oid);
    if (!answer) return { kind: 'missing', oid, reason: 'notAsked' };
    if (answer.error) return { kind: 'missing', oid, reason: answer.error };
    if (answer.type === 128 || answer.type === 129 || answer.type === 130) {
      return { kind: 'missing', oid, reason: TYPE_NAMES[answer.type] ?? 'noSuchObject' };
    }
    if (INTEGER_TYPES.has(answer.type) && typeof answer.value === 'number' && Number.isFinite(answer.value)) {
      return { kind: 'value', value: answer.value };
    }
    const actual = TYPE_NAMES[answer.type] ?? `type ${answer.type}`;
    return {
      kind: 'wrongType',
      error: new SnmpValueTypeError('Integer', actual, {
        host: context.host,
        port: context.port,
        oid,
        object,
        sensor: context.sensor,
        device: context.device,
      }),
    };
  }

  /** First usable candidate; collects wrong types; throws for a required value. */
  function pick(candidates: Candidate[], required: boolean): number | undefined {
    const wrong: SnmpValueTypeError[] = [];
    let firstMissing: { oid: string; reason: string } | undefined;
    let found: number | undefined;
    for (const c of candidates) {
      if (c.oid === undefined) continue;
      const r = lookup(c.object, c.oid);
      if (r.kind === 'value') {
        found = c.scale ? c.scale(r.value) : r.value;
        break;
      }
      if (r.kind === 'wrongType') wrong.push(r.error);
      else firstMissing ??= r;
    }
    if (found === undefined && required) {
      const [firstWrong] = wrong;
      if (firstWrong) throw firstWrong;
      const m = firstMissing ?? { oid: candidates[0]?.oid ?? '?', reason: 'noSuchObject' };
      throw new SnmpError(`${candidates[0]?.object ?? 'object'} is not served by the agent`, {
        host: context.host,
        port: context.port,
        oid: m.oid,
        snmpError: m.reason,
        sensor: context.sensor,
        device: context.device,
      });
    }
    problems.push(...wrong);
    return found;
  }

  const perMinute = (seconds: number): number => roundDerived(seconds / 60);
  const tenths = (v: number): number => v / 10;

  const batteryChargePercent = pick(
    [
      { object: 'upsEstimatedChargeRemaining', oid: ups.upsEstimatedChargeRemaining },
      { object: 'xupsBatCapacity', oid: xups?.xupsBatCapacity },
    ],
    true,
  )!;
  const runtimeRemainingMinutes = pick(
    [
      { object: 'upsEstimatedMinutesRemaining', oid: ups.upsEstimatedMinutesRemaining },
      { object: 'xupsBatTimeRemaining', oid: xups?.xupsBatTimeRemaining, scale: perMinute },
    ],
    true,
  )!;
  const secondsOnBattery = pick([{ object: 'upsSecondsOnBattery', oid: ups.upsSecondsOnBattery }], true)!;
  const outputSourceCode = pick(
    [
      { object: 'upsOutputSource', oid: ups.upsOutputSource },
      { object: 'xupsOutputSource', oid: xups?.xupsOutputSource },
    ],
    true,
  )!;
  const outputPowerWatts = pick(
    [
      { object: 'upsOutputPower', oid: ups.upsOutputPower },
      { object: 'xupsOutputWatts', oid: xups?.xupsOutputWatts },
      { object: 'xupsOutputTotalWatts', oid: xups?.xupsOutputTotalWatts },
    ],
    false,
  );
  const configOutputPower = pick([{ object: 'upsConfigOutputPower', oid: ups.upsConfigOutputPower }], false);
  const outputPowerRatioPercent =
    outputPowerWatts !== undefined && configOutputPower !== undefined && configOutputPower > 0
      ? roundDerived((outputPowerWatts / configOutputPower) * 100)
      : undefined;
  const outputLoadPercent =
    pick(
      [
        { object: 'upsOutputPercentLoad', oid: ups.upsOutputPercentLoad },
        { object: 'xupsOutputPercentLoad', oid: xups?.xupsOutputPercentLoad },
        { object: 'xupsOutputLoad', oid: xups?.xupsOutputLoad },
      ],
      false,
    ) ?? outputPowerRatioPercent;
  const inputVoltageVolts = pick(
    [
      { object: 'upsInputVoltage', oid: ups.upsInputVoltage },
      { object: 'xupsInputVoltage', oid: xups?.xupsInputVoltage },
    ],
    false,
  );
  const outputVoltageVolts = pick(
    [
      { object: 'upsOutputVoltage', oid: ups.upsOutputVoltage },
      { object: 'xupsOutputVoltage', oid: xups?.xupsOutputVoltage },
    ],
    false,
  );
  const batteryVoltageVolts = pick(
    [
      { object: 'upsBatteryVoltage', oid: ups.upsBatteryVoltage, scale: tenths },
      { object: 'xupsBatVoltage', oid: xups?.xupsBatVoltage },
    ],
    false,
  );
  const batteryTemperatureCelsius = pick([{ object: 'upsBatteryTemperature', oid: ups.upsBatteryTemperature }], false);
  const ambientTemperatureCelsius = pick([{ object: 'xupsEnvAmbientTemp', oid: xups?.xupsEnvAmbientTemp }], false);
  const batteryStatusCode = pick([{ object: 'upsBatteryStatus', oid: ups.upsBatteryStatus }], false);
  const abmCode = pick([{ object: 'xupsBatteryAbmStatus', oid: xups?.xupsBatteryAbmStatus }], false);
  const lowCapacityCode = pick([{ object: 'xupsBatteryLowCapacity', oid: xups?.xupsBatteryLowCapacity }], false);

  // upsBatteryStatus when it knows (2 normal, 3 low, 4 depleted); else Eaton's low-capacity flag (1 yes, 2 no).
  const batteryLow =
    batteryStatusCode !== undefined && batteryStatusCode >= 2 && batteryStatusCode <= 4
      ? batteryStatusCode !== 2
      : lowCapacityCode !== undefined
        ? lowCapacityCode === 1
        : undefined;

  const status: UpsStatus = {
    batteryChargePercent,
    runtimeRemainingMinutes,
    secondsOnBattery,
    outputLoadPercent,
    outputPowerRatioPercent,
    outputPowerWatts,
    inputVoltageVolts,
    outputVoltageVolts,
    batteryVoltageVolts,
    batteryTemperatureCelsius,
    ambientTemperatureCelsius,
    outputSource: enumName(OUTPUT_SOURCE, outputSourceCode),
    batteryStatus: batteryStatusCode === undefined ? undefined : enumName(BATTERY_STATUS, batteryStatusCode),
    batteryAbmStatus: abmCode === undefined ? undefined : enumName(ABM_STATUS, abmCode),
    onBattery: outputSourceCode === 5,
    batteryLow,
  };
  return { status, problems };
}

function enumName(names: Readonly<Record<number, string>>, code: number): string {
  return names[code] ?? `unknown(${code})`;
}
