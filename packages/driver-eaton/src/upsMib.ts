/**
 * Instance OIDs of the RFC 1628 UPS-MIB (`1.3.6.1.2.1.33`) that the driver reads.
 * Table columns are given for line 1 (`.1`); {@link upsMibOids} builds them for another line.
 * Units are the MIB's: `upsBatteryVoltage` is in 0.1 V DC, the rest as named.
 *
 * @example
 * session.get([UPS_MIB.upsEstimatedChargeRemaining], cb); // '1.3.6.1.2.1.33.1.2.4.0'
 */
export const UPS_MIB = upsMibOids(1, 1);

/** Names of the UPS-MIB objects the driver reads. */
export type UpsMibObject =
  | 'upsBatteryStatus'
  | 'upsSecondsOnBattery'
  | 'upsEstimatedMinutesRemaining'
  | 'upsEstimatedChargeRemaining'
  | 'upsBatteryVoltage'
  | 'upsBatteryTemperature'
  | 'upsInputVoltage'
  | 'upsOutputSource'
  | 'upsOutputVoltage'
  | 'upsOutputPower'
  | 'upsOutputPercentLoad'
  | 'upsConfigOutputPower';

/**
 * UPS-MIB instance OIDs with the table columns for the given input and output lines
 * (phases), numbered from 1.
 *
 * @example
 * upsMibOids(1, 2).upsOutputPower; // '1.3.6.1.2.1.33.1.4.4.1.4.2'
 */
export function upsMibOids(inputLine: number, outputLine: number): Readonly<Record<UpsMibObject, string>> {
  const ups = '1.3.6.1.2.1.33.1';
  return {
    // upsBattery (.2): scalars
    upsBatteryStatus: `${ups}.2.1.0`, // 1 unknown, 2 batteryNormal, 3 batteryLow, 4 batteryDepleted
    upsSecondsOnBattery: `${ups}.2.2.0`, // s; 0 when on mains
    upsEstimatedMinutesRemaining: `${ups}.2.3.0`, // min
    upsEstimatedChargeRemaining: `${ups}.2.4.0`, // %
    upsBatteryVoltage: `${ups}.2.5.0`, // 0.1 V DC
    upsBatteryTemperature: `${ups}.2.7.0`, // °C
    // upsInput (.3): upsInputTable.upsInputEntry column 3 = upsInputVoltage (RMS V)
    upsInputVoltage: `${ups}.3.3.1.3.${inputLine}`,
    // upsOutput (.4)
    upsOutputSource: `${ups}.4.1.0`, // 1 other, 2 none, 3 normal, 4 bypass, 5 battery, 6 booster, 7 reducer
    upsOutputVoltage: `${ups}.4.4.1.2.${outputLine}`, // RMS V
    upsOutputPower: `${ups}.4.4.1.4.${outputLine}`, // W
    upsOutputPercentLoad: `${ups}.4.4.1.5.${outputLine}`, // %
    // upsConfig (.9)
    upsConfigOutputPower: `${ups}.9.6.0`, // W, the nominal output power
  };
}

/**
 * `upsOutputSource` values (RFC 1628); Eaton's `xupsOutputSource` uses the same numbers
 * and adds 8..12.
 *
 * @example
 * OUTPUT_SOURCE[5]; // 'battery'
 */
export const OUTPUT_SOURCE: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'none',
  3: 'normal',
  4: 'bypass',
  5: 'battery',
  6: 'booster',
  7: 'reducer',
  8: 'parallelCapacity',
  9: 'parallelRedundant',
  10: 'highEfficiencyMode',
  11: 'maintenanceBypass',
  12: 'essMode',
};

/**
 * `upsBatteryStatus` values (RFC 1628).
 *
 * @example
 * BATTERY_STATUS[3]; // 'batteryLow'
 */
export const BATTERY_STATUS: Readonly<Record<number, string>> = {
  1: 'unknown',
  2: 'batteryNormal',
  3: 'batteryLow',
  4: 'batteryDepleted',
};
