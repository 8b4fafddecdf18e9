/**
 * One decoded answer of a UPS, in SI-ish units. A value the agent does not provide
 * (optional object missing, or wrong type with no fallback) is `undefined`.
 *
 * @example
 * const s: UpsStatus = await ups.readStatus();
 * if (s.onBattery) console.log(`${s.runtimeRemainingMinutes} min left`);
 */
export interface UpsStatus {
  /** Battery charge, % (upsEstimatedChargeRemaining, or xupsBatCapacity). */
  readonly batteryChargePercent: number;
  /** Estimated runtime on battery, minutes (upsEstimatedMinutesRemaining, or xupsBatTimeRemaining / 60). */
  readonly runtimeRemainingMinutes: number;
  /** Time since the switch to battery, s; 0 on mains (upsSecondsOnBattery). */
  readonly secondsOnBattery: number;
  /** Output load, % (upsOutputPercentLoad, xupsOutputPercentLoad, xupsOutputLoad, or output power / upsConfigOutputPower). */
  readonly outputLoadPercent: number | undefined;
  /** Output load as output power / upsConfigOutputPower, % (what the Python tool stored), when both exist. */
  readonly outputPowerRatioPercent: number | undefined;
  /** Output active power, W (upsOutputPower, xupsOutputWatts, or xupsOutputTotalWatts). */
  readonly outputPowerWatts: number | undefined;
  /** Input voltage, V RMS (upsInputVoltage, or xupsInputVoltage). */
  readonly inputVoltageVolts: number | undefined;
  /** Output voltage, V RMS (upsOutputVoltage, or xupsOutputVoltage). */
  readonly outputVoltageVolts: number | undefined;
  /** Battery voltage, V DC (upsBatteryVoltage / 10, or xupsBatVoltage). */
  readonly batteryVoltageVolts: number | undefined;
  /** Battery temperature, °C (upsBatteryTemperature). */
  readonly batteryTemperatureCelsius: number | undefined;
  /** Ambient temperature at the UPS, °C (Eaton xupsEnvAmbientTemp). */
  readonly ambientTemperatureCelsius: number | undefined;
  /** `normal`, `battery`, `bypass`, `booster`, `reducer`, `none`, `other`, … (upsOutputSource or xupsOutputSource). */
  readonly outputSource: string;
  /** `batteryNormal`, `batteryLow`, `batteryDepleted`, `unknown` (upsBatteryStatus). */
  readonly batteryStatus: string | undefined;
  /** Eaton ABM state: `batteryCharging`, `batteryFloating`, `batteryResting`, `batteryDischarging`, … (xupsBatteryAbmStatus). */
  readonly batteryAbmStatus: string | undefined;
  /** True when the output is fed from the battery (output source `battery`). */
  readonly onBattery: boolean;
  /** True when the battery status is low or depleted (or Eaton's xupsBatteryLowCapacity says yes). */
  readonly batteryLow: boolean | undefined;
}
