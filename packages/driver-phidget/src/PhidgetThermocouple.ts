import { ConfigError } from '@expmon/core';
import { TemperatureSensor, ThermocoupleType } from 'phidget22';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import type { PhidgetChannelOptions } from './PhidgetChannelOptions.js';
import { PhidgetChannelSource } from './PhidgetChannelSource.js';

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
      // Setting the type makes phidget22 forget the value of the open reply, so set it only
      // when the channel does not have it already (a K probe on a reset channel): the open
      // reply's value is then the first reading.
      if (currentThermocoupleType(channel) === TYPES[type]) return;
      try {
        await channel.setThermocoupleType(TYPES[type]);
      } catch (error) {
        throw new Error(thermocoupleTypeRefused(channel, error), { cause: error });
      }
    },
    onValue: (channel, emit) => {
      channel.onTemperatureChange = emit;
    },
    value: (channel) => channel.getTemperature(),
  };
}

function currentThermocoupleType(channel: TemperatureSensor): ThermocoupleType | undefined {
  try {
    return channel.getThermocoupleType();
  } catch {
    return undefined; // not known, or not a thermocouple input
  }
}

/** Why a channel refused a thermocouple type, naming the board's own sensor (TMP1101 channel 4) when that is what was opened. */
function thermocoupleTypeRefused(channel: TemperatureSensor, error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  let name = '';
  let sku = 'the board';
  try {
    name = channel.getChannelName();
    sku = channel.getDeviceSKU();
  } catch {
    // not known: keep the generic message
  }
  if (name !== '' && !/thermocouple/i.test(name)) {
    return (
      `channel ${channel.getChannel()} of ${sku} is its "${name}", not a thermocouple input ` +
      `(on a TMP1101 channel 4 is the board's own temperature sensor; thermocouples are channels 0..3): ${said}`
    );
  }
  return `could not set the thermocouple type: ${said}`;
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
