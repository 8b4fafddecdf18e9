import { createReading, integer, type FieldValue, type Reading } from '@expmon/source-kit';
import type { UpsStatus } from './UpsStatus.js';

/** How {@link upsReadings} lays out a status. */
export interface UpsReadingsOptions {
  /** `fields`: one measurement, many fields. `python`: the Python tool's four measurements. */
  schema: 'fields' | 'python';
  /** Measurement of the `fields` schema. */
  measurement: string;
  /** Prefix of the `python` schema's measurements (the source name). */
  name: string;
  /** Extra tags. */
  tags: Readonly<Record<string, string>>;
  /** `python` schema: write `value` as an integer (rounded). */
  integerValues: boolean;
  /** When the device answered, ms since epoch. */
  time: number;
}

/**
 * Lays out one {@link UpsStatus} as readings.
 *
 * `fields` schema: one reading, measurement `measurement`, fields named with their unit
 * (`battery_charge_percent`, `runtime_remaining_minutes`, …, see README), no `unit` tag;
 * values the UPS does not provide are left out.
 *
 * `python` schema: `<name>_rem-minutes` (min), `<name>_rem-charge` (%), `<name>_on-time` (s),
 * `<name>_load` (%), each with field `value` and tag `unit`, as the Python tool wrote them.
 * `_load` is output power / configured output power where both exist (as the Python tool
 * computed it), else the output load.
 *
 * @example
 * upsReadings(status, { schema: 'fields', measurement: 'ups', name: 'ups', tags: {}, integerValues: false, time: Date.now() });
 */
export function upsReadings(status: UpsStatus, options: UpsReadingsOptions): Reading[] {
  const { time, tags } = options;
  if (options.schema === 'python') {
    const value = (v: number): FieldValue => (options.integerValues ? integer(Math.round(v)) : v);
    const readings: Reading[] = [
      createReading(`${options.name}_rem-minutes`, value(status.runtimeRemainingMinutes), { unit: 'min', tags, time }),
      createReading(`${options.name}_rem-charge`, value(status.batteryChargePercent), { unit: '%', tags, time }),
      createReading(`${options.name}_on-time`, value(status.secondsOnBattery), { unit: 's', tags, time }),
    ];
    const load = status.outputPowerRatioPercent ?? status.outputLoadPercent;
    if (load !== undefined) readings.push(createReading(`${options.name}_load`, value(load), { unit: '%', tags, time }));
    return readings;
  }
  const fields: Record<string, FieldValue> = {};
  const put = (key: string, v: FieldValue | undefined): void => {
    if (v !== undefined) fields[key] = v;
  };
  put('battery_charge_percent', status.batteryChargePercent);
  put('runtime_remaining_minutes', status.runtimeRemainingMinutes);
  put('seconds_on_battery', status.secondsOnBattery);
  put('output_load_percent', status.outputLoadPercent);
  put('output_power_watts', status.outputPowerWatts);
  put('input_voltage_volts', status.inputVoltageVolts);
  put('output_voltage_volts', status.outputVoltageVolts);
  put('battery_voltage_volts', status.batteryVoltageVolts);
  put('battery_temperature_celsius', status.batteryTemperatureCelsius);
  put('ambient_temperature_celsius', status.ambientTemperatureCelsius);
  put('output_source', status.outputSource);
  put('battery_status', status.batteryStatus);
  put('battery_abm_status', status.batteryAbmStatus);
  put('on_battery', status.onBattery);
  put('battery_low', status.batteryLow);
  return [{ measurement: options.measurement, fields, tags: { ...tags }, time }];
}
