import { HumiditySensor } from 'phidget22';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import type { PhidgetChannelOptions } from './PhidgetChannelOptions.js';
import { PhidgetChannelSource } from './PhidgetChannelSource.js';

/**
 * The {@link PhidgetChannelKind} of a phidget22 `HumiditySensor` (relative humidity, %).
 *
 * @example
 * new PhidgetChannelSource(humidityKind, { name: 'lab_rh', serialNumber: 620000, hubPort: 0 });
 */
export const humidityKind: PhidgetChannelKind<HumiditySensor> = {
  className: 'HumiditySensor',
  unit: '%',
  create: () => new HumiditySensor(),
  configure: async (channel, settings) => {
    await channel.setDataInterval(settings.dataIntervalMs);
    await channel.setHumidityChangeTrigger(settings.changeTrigger);
  },
  onValue: (channel, emit) => {
    channel.onHumidityChange = emit;
  },
  value: (channel) => channel.getHumidity(),
};

/**
 * Relative humidity from a Phidget humidity board (HUM1001...), in %.
 *
 * @example
 * const rh = new PhidgetHumiditySensor({ name: 'lab_rh', serialNumber: 620000, hubPort: 0 });
 * rh.readings().subscribe((r) => console.log(r.fields.value));
 */
export class PhidgetHumiditySensor extends PhidgetChannelSource<HumiditySensor> {
  constructor(options: PhidgetChannelOptions) {
    super(humidityKind, options);
  }
}
