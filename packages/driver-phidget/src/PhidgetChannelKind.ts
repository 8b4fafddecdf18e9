import type { Phidget } from 'phidget22';

/** The settings applied to a channel each time it attaches. */
export interface PhidgetChannelSettings {
  /** Device data interval in ms: one change event per interval. */
  dataIntervalMs: number;
  /** Change trigger in the channel's unit; 0 sends an event every interval. */
  changeTrigger: number;
}

/**
 * Describes one phidget22 channel class for {@link PhidgetChannelSource}: how to create
 * the channel, how to configure it after each attach, and where its value events come
 * from. Adding a channel class (LightSensor, CurrentInput, PressureSensor...) is writing
 * one of these.
 *
 * @example
 * import { LightSensor } from 'phidget22';
 * const lightSensor: PhidgetChannelKind<LightSensor> = {
 *   className: 'LightSensor',
 *   unit: 'lx',
 *   create: () => new LightSensor(),
 *   configure: async (ch, s) => {
 *     await ch.setDataInterval(s.dataIntervalMs);
 *     await ch.setIlluminanceChangeTrigger(s.changeTrigger);
 *   },
 *   onValue: (ch, emit) => { ch.onIlluminanceChange = emit; },
 *   value: (ch) => ch.getIlluminance(),
 * };
 * new PhidgetChannelSource(lightSensor, { name: 'hall_light', serialNumber: 620000, hubPort: 2 });
 */
export interface PhidgetChannelKind<C extends Phidget = Phidget> {
  /** phidget22 class name, used in messages (`TemperatureSensor`). */
  readonly className: string;
  /** Unit of the value, stored as the `unit` tag (`°C`). */
  readonly unit: string;
  /** A new, unopened phidget22 channel object. */
  create(): C;
  /** Applies the settings after each attach (a re-attached channel starts from defaults). */
  configure(channel: C, settings: PhidgetChannelSettings): Promise<void>;
  /** Registers `emit` as the channel's value change handler. */
  onValue(channel: C, emit: (value: number) => void): void;
  /**
   * The channel's current value as phidget22 holds it (the open reply carries it), read
   * right after attach to emit a first reading without waiting one data interval. May
   * throw while the value is unknown. Optional: without it the first reading is the first
   * change event.
   */
  value?(channel: C): number;
}
