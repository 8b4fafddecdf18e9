import { ConfigError } from '@expmon/core';
import { TemperatureSensor, ThermocoupleType } from 'phidget22';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import { PhidgetChannelSource, type PhidgetChannelOptions } from './PhidgetChannelSource.js';

/** Thermocouple types a TMP1101 supports. */
export type ThermocoupleTypeName = 'J' | 'K' | 'E' | 'T';

/** Options of {@link PhidgetThermocouple}. */
export interface PhidgetThermocoupleOptions extends PhidgetChannelOptions {
  /** Thermocouple type, set on the channel after each attach. Default `'K'`. */
  thermocoupleType?: ThermocoupleTypeName;
}

const TYPES: Record<ThermocoupleTypeName, ThermocoupleType> = {
  J: ThermocoupleType.J,
  K: ThermocoupleType.K,
  E: ThermocoupleType.E,
  T: ThermocoupleType.T,
};

/**
 * The {@link PhidgetChannelKind} of a thermocouple input (a phidget22 `TemperatureSensor`
 * with a thermocouple type), in °C.
 *
 * @example
 * new PhidgetChannelSource(thermocoupleKind('J'), { name: 'oven', serialNumber: 620000, hubPort: 4 });
 */
export function thermocoupleKind(type: ThermocoupleTypeName = 'K'): PhidgetChannelKind<TemperatureSensor> {
  return {
    className: 'TemperatureSensor',
    unit: '°C',
    create: () => new TemperatureSensor(),
    configure: async (channel, settings) => {
      await channel.setDataInterval(settings.dataIntervalMs);
      await channel.setTemperatureChangeTrigger(settings.changeTrigger);
      await channel.setThermocoupleType(TYPES[type]);
    },
    onValue: (channel, emit) => {
      channel.onTemperatureChange = emit;
    },
  };
}

/**
 * A thermocouple on a Phidget TMP1101 (4× thermocouple VINT board): a phidget22
 * `TemperatureSensor` channel addressed by hub serial number, hub port and channel.
 * Readings in °C, one per data interval.
 *
 * @example
 * const coldHead = new PhidgetThermocouple({ name: 'tc_cold_head', serialNumber: 620000, hubPort: 4, channel: 0 });
 * const [reading] = await coldHead.read();
 * console.log(reading?.fields.value, reading?.tags.unit); // 21.3 °C
 */
export class PhidgetThermocouple extends PhidgetChannelSource<TemperatureSensor> {
  /** The thermocouple type set on the channel. */
  readonly thermocoupleType: ThermocoupleTypeName;

  constructor(options: PhidgetThermocoupleOptions) {
    const type = options.thermocoupleType ?? 'K';
    if (!(type in TYPES)) {
      throw new ConfigError(`must be one of J, K, E, T, got ${JSON.stringify(type)}`, {
        field: `${options.name}.thermocoupleType`,
      });
    }
    super(thermocoupleKind(type), options);
    this.thermocoupleType = type;
  }
}
