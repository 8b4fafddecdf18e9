import { VoltageInput } from 'phidget22';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import type { PhidgetChannelOptions } from './PhidgetChannelOptions.js';
import { PhidgetChannelSource } from './PhidgetChannelSource.js';

/**
 * The {@link PhidgetChannelKind} of a phidget22 `VoltageInput`, in V.
 *
 * @example
 * new PhidgetChannelSource(voltageInputKind, { name: 'gauge_v', serialNumber: 620000, hubPort: 1 });
 */
export const voltageInputKind: PhidgetChannelKind<VoltageInput> = {
  className: 'VoltageInput',
  unit: 'V',
  create: () => new VoltageInput(),
  configure: async (channel, settings) => {
    await channel.setDataInterval(settings.dataIntervalMs);
    await channel.setVoltageChangeTrigger(settings.changeTrigger);
  },
  onValue: (channel, emit) => {
    channel.onVoltageChange = emit;
  },
  value: (channel) => channel.getVoltage(),
};

/**
 * A Phidget voltage input (VCP1000, a TMP1101's thermocouple voltage, a hub port in
 * voltage input mode with `isHubPortDevice: true`), in V.
 *
 * @example
 * const gauge = new PhidgetVoltageInput({ name: 'gauge_v', serialNumber: 620000, hubPort: 1 });
 * const [reading] = await gauge.read();
 */
export class PhidgetVoltageInput extends PhidgetChannelSource<VoltageInput> {
  constructor(options: PhidgetChannelOptions) {
    super(voltageInputKind, options);
  }
}
