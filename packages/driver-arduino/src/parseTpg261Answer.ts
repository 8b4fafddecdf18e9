import { DeviceError, type ErrorContext, type ExpmonError } from '@expmon/core';
import { CorruptFrameError } from './errors/CorruptFrameError.js';
import { GaugeIdentificationError } from './errors/GaugeIdentificationError.js';
import { GaugeNoSensorError } from './errors/GaugeNoSensorError.js';
import { GaugeOverrangeError } from './errors/GaugeOverrangeError.js';
import { GaugeSensorError } from './errors/GaugeSensorError.js';
import { GaugeSensorOffError } from './errors/GaugeSensorOffError.js';
import { GaugeUnderrangeError } from './errors/GaugeUnderrangeError.js';

/** A TPG261 measurement line, decoded. `error` is set for every status but 0. */
export interface Tpg261Answer {
  status: number;
  /** The value as sent (in the controller's pressure unit); NaN when unreadable. */
  value: number;
  error?: ExpmonError;
}

const LINE = /^\s*(\d),\s*([+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*$/;

/**
 * Decodes a Pfeiffer TPG261 measurement line `x,sx.xxxxEsxx` (status, value) and maps
 * the status code (TPG261 operating instructions, "PR1 – measurement data") to a typed
 * error: 1 underrange and 2 overrange ({@link GaugeUnderrangeError},
 * {@link GaugeOverrangeError}: invalid readings), 3 sensor error, 4 sensor off,
 * 5 no sensor, 6 identification error (device errors). A line that is not of this form
 * throws {@link CorruptFrameError}.
 *
 * @example
 * parseTpg261Answer('0,+1.2300E-03'); // { status: 0, value: 0.00123 }
 * parseTpg261Answer('2,+1.0000E+03').error; // GaugeOverrangeError
 */
export function parseTpg261Answer(line: string, context: ErrorContext = {}): Tpg261Answer {
  const m = LINE.exec(line);
  if (!m) throw new CorruptFrameError(`not a "status,value" line: ${JSON.stringify(line.slice(0, 80))}`, context);
  const status = Number(m[1]);
  const value = Number(m[2]);
  const text = m[2]!;
  switch (status) {
    case 0:
      if (!Number.isFinite(value)) throw new CorruptFrameError(`value ${text} is not a number`, context);
      return { status, value };
    case 1:
      return { status, value, error: new GaugeUnderrangeError(`underrange (status 1, gauge shows ${text})`, context) };
    case 2:
      return { status, value, error: new GaugeOverrangeError(`overrange (status 2, gauge shows ${text})`, context) };
    case 3:
      return { status, value, error: new GaugeSensorError('sensor error (status 3)', context) };
    case 4:
      return { status, value, error: new GaugeSensorOffError('sensor off (status 4)', context) };
    case 5:
      return { status, value, error: new GaugeNoSensorError('no sensor (status 5)', context) };
    case 6:
      return { status, value, error: new GaugeIdentificationError('identification error (status 6)', context) };
    default:
      return { status, value, error: new DeviceError(`unknown status ${status}`, context) };
  }
}
