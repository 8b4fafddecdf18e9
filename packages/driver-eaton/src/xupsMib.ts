/** Names of the Eaton XUPS-MIB objects the driver reads. */
export type XupsMibObject =
  | 'xupsBatTimeRemaining'
  | 'xupsBatVoltage'
  | 'xupsBatCapacity'
  | 'xupsBatteryAbmStatus'
  | 'xupsBatteryLowCapacity'
  | 'xupsInputVoltage'
  | 'xupsOutputLoad'
  | 'xupsOutputVoltage'
  | 'xupsOutputWatts'
  | 'xupsOutputPercentLoad'
  | 'xupsOutputSource'
  | 'xupsOutputTotalWatts'
  | 'xupsEnvAmbientTemp';

/**
 * Instance OIDs of Eaton's XUPS-MIB (`1.3.6.1.4.1.534.1`, the Powerware MIB that Eaton
 * Network-M2/M3 cards serve next to the UPS-MIB), for line 1.
 *
 * @example
 * XUPS_MIB.xupsBatTimeRemaining; // '1.3.6.1.4.1.534.1.2.1.0' (seconds)
 */
export const XUPS_MIB = xupsMibOids(1, 1);

/**
 * XUPS-MIB instance OIDs with the table columns for the given input and output phase.
 * Units as in the MIB: `xupsBatTimeRemaining` in s, `xupsBatVoltage` in V DC (not 0.1 V).
 *
 * @example
 * xupsMibOids(1, 1).xupsOutputWatts; // '1.3.6.1.4.1.534.1.4.4.1.4.1'
 */
export function xupsMibOids(inputPhase: number, outputPhase: number): Readonly<Record<XupsMibObject, string>> {
  const x = '1.3.6.1.4.1.534.1';
  return {
    // xupsBattery (.2)
    xupsBatTimeRemaining: `${x}.2.1.0`, // s
    xupsBatVoltage: `${x}.2.2.0`, // V DC
    xupsBatCapacity: `${x}.2.4.0`, // %
    xupsBatteryAbmStatus: `${x}.2.5.0`, // 1 charging, 2 discharging, 3 floating, 4 resting, 5 unknown, 6 disconnected, 7 underTest, 8 checkBattery
    xupsBatteryLowCapacity: `${x}.2.10.0`, // 1 yes, 2 no
    // xupsInput (.3): xupsInputTable.xupsInputEntry column 2 = xupsInputVoltage (RMS V)
    xupsInputVoltage: `${x}.3.4.1.2.${inputPhase}`,
    // xupsOutput (.4)
    xupsOutputLoad: `${x}.4.1.0`, // %, largest phase
    xupsOutputVoltage: `${x}.4.4.1.2.${outputPhase}`, // RMS V
    xupsOutputWatts: `${x}.4.4.1.4.${outputPhase}`, // W
    xupsOutputPercentLoad: `${x}.4.4.1.8.${outputPhase}`, // %
    xupsOutputSource: `${x}.4.5.0`, // as upsOutputSource, plus 8..12
    xupsOutputTotalWatts: `${x}.4.9.3.0`, // W, all phases
    // xupsEnvironment (.6)
    xupsEnvAmbientTemp: `${x}.6.1.0`, // °C
  };
}

/**
 * `xupsBatteryAbmStatus` values (Eaton ABM battery management).
 *
 * @example
 * ABM_STATUS[3]; // 'batteryFloating'
 */
export const ABM_STATUS: Readonly<Record<number, string>> = {
  1: 'batteryCharging',
  2: 'batteryDischarging',
  3: 'batteryFloating',
  4: 'batteryResting',
  5: 'unknown',
  6: 'batteryDisconnected',
  7: 'batteryUnderTest',
  8: 'checkBattery',
};
