import { VoltageRatioInput } from 'phidget22';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import type { PhidgetChannelOptions } from './PhidgetChannelOptions.js';
import { PhidgetChannelSource } from './PhidgetChannelSource.js';

/**
 * The {@link PhidgetChannelKind} of a phidget22 `VoltageRatioInput`, in V/V.
 *
 * @example
 * new PhidgetChannelSource(voltageRatioInputKind, { name: 'load_cell', serialNumber: 620000, hubPort: 3 });
 */
export const voltageRatioInputKind: PhidgetChannelKind<VoltageRatioInput> = {
  className: 'VoltageRatioInput',
  unit: 'V/V',
  create: () => new VoltageRatioInput(),
  configure: async (channel, settings) => {
    await channel.setDataInterval(settings.dataIntervalMs);
    await channel.setVoltageRatioChangeTrigger(settings.changeTrigger);
  },
  onValue: (channel, emit) => {
    channel.onVoltageRatioChange = emit;
  },
  value: (channel) => channel.getVoltageRatio(),
};

/**
 * A Phidget voltage ratio input (DAQ1500 bridge, ratiometric sensors on a hub port with
 * `isHubPortDevice: true`), in V/V.
 *
 * @example
 * const loadCell = new PhidgetVoltageRatioInput({ name: 'load_cell', serialNumber: 620000, hubPort: 3 });
 */
export class PhidgetVoltageRatioInput extends PhidgetChannelSource<VoltageRatioInput> {
  constructor(options: PhidgetChannelOptions) {
    super(voltageRatioInputKind, options);
  }
}
